using System.CommandLine;
using System.Globalization;
using Ariadne.Monitoring;

namespace Ariadne.Cli.Commands.Monitor;

/// <summary><c>ariadne monitor run|labels|check</c>: watch a served model's predictions against its training data.</summary>
internal static class MonitorCommand
{
    private const string PipelineFileName = global::Ariadne.Pipelines.PipelineFile.FileName;

    public static Command Create(CliContext context)
    {
        var command = new Command("monitor", "Watch a model in production: drift and performance per time window against its training data, labels, and alert rules.");
        command.Subcommands.Add(MonitorRunCommand.Create(context));
        command.Subcommands.Add(MonitorLabelsCommand.Create(context));
        command.Subcommands.Add(MonitorCheckCommand.Create(context));
        return command;
    }

    /// <summary>The <c>monitor:</c> section of the pipeline file: <paramref name="file"/>, else ariadne.yaml here or at the workspace root; null when there is none.</summary>
    internal static MonitorConfig? ReadConfig(CliContext context, string? file, bool required)
    {
        if (file is not null)
        {
            return MonitorConfigParser.Read(context.FullPath(file))
                ?? (required ? throw AriadneException.InvalidArgument($"'{file}' has no monitor: section. Add one (docs/monitoring.md), e.g.\nmonitor:\n  model: models:/NAME@champion\n  rules:\n    - name: drift\n      when: drift_share > 0.3\n      actions: [exit]") : null);
        }

        var candidates = new List<string> { context.FullPath(PipelineFileName) };
        try
        {
            candidates.Add(Path.Combine(context.OpenWorkspace().Root, PipelineFileName));
        }
        catch (AriadneException e) when (e.Code == ErrorCode.NotAWorkspace)
        {
            // Outside a workspace only the current folder is looked at.
        }

        foreach (var candidate in candidates.Distinct())
        {
            if (File.Exists(candidate) && MonitorConfigParser.Read(candidate) is { } config)
            {
                return config;
            }
        }

        return required
            ? throw AriadneException.InvalidArgument($"There is no monitor: section in {PipelineFileName}. Add one (docs/monitoring.md), e.g.\nmonitor:\n  model: models:/NAME@champion\n  rules:\n    - name: drift\n      when: drift_share > 0.3\n      actions: [exit]")
            : null;
    }

    /// <summary>Reads a time as Unix milliseconds or an ISO 8601 date or time (UTC unless it says otherwise).</summary>
    internal static long? ParseTime(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return ms;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : throw AriadneException.InvalidArgument($"{option} '{text}' is not a time. Write an ISO 8601 date or time (2026-03-01, 2026-03-01T12:00:00Z) or Unix milliseconds.");
    }
}
