using Ariadne.Schedules;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Schedules;

/// <summary>The 'schedules:' section of ariadne.yaml: what parses, and every mistake reported with its line and a suggestion.</summary>
public sealed class ScheduleParserTests
{
    private const string Stages = """
        stages:
          train:
            cmd: echo train
        """;

    private static ScheduleFile Parse(string yaml, string root = "/ws") => ScheduleFile.Parse(yaml, Path.Combine(root, "ariadne.yaml"), root);

    private static string Error(string yaml, string root = "/ws")
    {
        var error = Assert.Throws<AriadneException>(() => Parse(yaml, root));
        Assert.Equal(ErrorCode.MalformedConfig, error.Code);
        return error.Message;
    }

    [Fact]
    public void Every_action_and_trigger_parses()
    {
        var file = Parse(Stages + """

            schedules:
              nightly:
                pipeline: true
                cron: "0 6 * * *"
                timezone: Europe/Berlin
              retrain:
                stage: train
                on_dataset: penguins
              drift:
                monitor: check
                cron: "*/15 * * * *"
              backup:
                command: "tar czf /tmp/backup.tgz data"
                cron: "@daily"
            """);

        Assert.Equal(["nightly", "retrain", "drift", "backup"], file.Schedules.Select(s => s.Name));
        var nightly = file.Find("nightly");
        Assert.Equal(ScheduleActionKind.Pipeline, nightly.Action.Kind);
        Assert.Equal("Europe/Berlin", nightly.Cron!.Zone.Id);
        Assert.Equal(5, nightly.Line);
        Assert.Equal("penguins", file.Find("retrain").Dataset);
        Assert.Equal(["repro", "train"], file.Find("retrain").Action.Arguments);
        Assert.Equal(["monitor", "check"], file.Find("drift").Action.Arguments);
        Assert.Equal(TimeZoneInfo.Utc, file.Find("drift").Cron!.Zone);
        Assert.Equal(["-c", "tar czf /tmp/backup.tgz data"], file.Find("backup").Action.Arguments);
    }

    [Fact]
    public void A_file_without_schedules_has_none()
    {
        Assert.Empty(Parse(Stages).Schedules);
        Assert.Empty(Parse(Stages + "\nschedules:\n").Schedules);
    }

    [Fact]
    public void Misspelt_key_is_named_with_its_line_and_the_key_meant()
    {
        var message = Error("""
            schedules:
              nightly:
                pipeline: true
                corn: "0 6 * * *"
            """);

        Assert.Contains("ariadne.yaml:4: schedule 'nightly' has an unknown key 'corn'", message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'cron'?", message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:2: schedule 'nightly' has no trigger", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_time_zone_suggests_the_zone_meant()
    {
        var message = Error("""
            schedules:
              nightly:
                pipeline: true
                cron: "0 6 * * *"
                timezone: Europe/Berln
            """);

        Assert.Contains("ariadne.yaml:5: schedule 'nightly': unknown time zone 'Europe/Berln'", message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Europe/Berlin'?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_cron_two_actions_two_triggers_and_no_action_are_all_reported_at_once()
    {
        var message = Error("""
            schedules:
              a:
                pipeline: true
                cron: "0 25 * * *"
              b:
                pipeline: true
                command: "echo hi"
                cron: "0 6 * * *"
              c:
                command: "echo hi"
                cron: "0 6 * * *"
                on_dataset: penguins
              d:
                cron: "0 6 * * *"
              e:
                monitor: chek
                cron: "0 6 * * *"
            """);

        Assert.Contains("The schedules have 5 problems", message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:4: schedule 'a': cron '0 25 * * *' is not valid", message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:7: schedule 'b' has 2 actions (pipeline, command)", message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:12: schedule 'c' has both 'cron' and 'on_dataset'", message, StringComparison.Ordinal);
        Assert.Contains("schedule 'd' has no action", message, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:16: schedule 'e': 'monitor' must be 'check', not 'chek'. Did you mean 'check'?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stage_the_pipeline_does_not_have_suggests_the_stage_meant()
    {
        using var temp = new TempFolder();
        var message = Error(Stages + """

            schedules:
              retrain:
                stage: trian
                cron: "0 6 * * *"
            """, temp.Path);

        Assert.Contains("ariadne.yaml:5: schedule 'retrain' runs stage 'trian', which the pipeline does not have. Did you mean 'train'?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedules_that_are_not_a_mapping_say_how_to_write_them()
    {
        var message = Error("schedules:\n  - nightly\n");

        Assert.Contains("ariadne.yaml:2: 'schedules' must be a mapping of schedule names to schedules", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_schedule_name_suggests_the_one_meant()
    {
        var file = Parse("schedules:\n  nightly:\n    pipeline: true\n    cron: \"0 6 * * *\"\n");

        var error = Assert.Throws<AriadneException>(() => file.Find("nightyl"));

        Assert.Equal(ErrorCode.ResourceNotFound, error.Code);
        Assert.Contains("Did you mean 'nightly'?", error.Message, StringComparison.Ordinal);
    }
}
