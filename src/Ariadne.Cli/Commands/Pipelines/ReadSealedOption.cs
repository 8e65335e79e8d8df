using System.CommandLine;
using System.Text.Json;
using Ariadne.Pipelines;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary>
/// <c>--read-sealed "reason"</c> of <c>exp run</c> and <c>sweep</c>, and how both report the stages they left out
/// because those read a sealed test set.
/// </summary>
internal static class ReadSealedOption
{
    public static Option<string?> Create() => new("--read-sealed")
    {
        Description = "Run the stages that read a sealed test set too; give the reason, which is recorded on the runs (every read still spends the budget)",
    };

    public static void WriteLeftOut(TextWriter output, IReadOnlyList<SealedStage> leftOut)
    {
        if (leftOut.Count == 0)
        {
            return;
        }

        output.WriteLine($"Left out {string.Join(", ", leftOut.Select(l => $"'{l.Stage}'"))}: they read a sealed test set, which model selection must not see.");
        foreach (var stage in leftOut)
        {
            output.WriteLine($"  {stage.Stage}: {stage.Reason}");
        }

        output.WriteLine("Rank on validation metrics; score only the chosen model on the sealed set ('ariadne repro', or --read-sealed \"<reason>\").");
    }

    public static void WriteLeftOut(Utf8JsonWriter w, IReadOnlyList<SealedStage> leftOut)
    {
        w.WriteStartArray("left_out");
        foreach (var stage in leftOut)
        {
            w.WriteStartObject();
            w.WriteString("stage", stage.Stage);
            w.WriteString("reason", stage.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
