using System.Globalization;
using System.Text;
using Ariadne.Processes;
using Ariadne.Tracking;

namespace Ariadne.Schedules;

/// <summary>
/// Runs one execution of a schedule as a tracked run in <see cref="ScheduleKeys.Experiment"/>: creates the run (for a
/// cron slot or a dataset version with the id <see cref="ScheduleRunId"/> derives, which is how a slot is claimed),
/// runs the action in the workspace folder, keeps its output as the artifact <c>logs/output.log</c>, records the exit
/// code and ends the run FINISHED (exit code 0) or FAILED (KILLED when the scheduler stops mid-run).
/// </summary>
internal sealed class ScheduleRunner(ScheduleRunnerOptions options)
{
    public ScheduleRunnerOptions Options => options;

    /// <summary>
    /// Runs <paramref name="schedule"/> for <paramref name="trigger"/> (cron, dataset or manual) and
    /// <paramref name="occasion"/> (the slot's ISO-8601 text or the dataset version; null for manual).
    /// <paramref name="echo"/> sees the output as it comes.
    /// </summary>
    public async Task<ScheduleExecution> RunAsync(Schedule schedule, string trigger, string? occasion, Action<string>? echo, CancellationToken cancellationToken)
    {
        var runId = occasion is null ? null : ScheduleRunId.For(schedule.Name, trigger, occasion);
        var now = options.Time.GetUtcNow();
        var tags = new List<RunTag>
        {
            new(ScheduleKeys.ScheduleTag, schedule.Name),
            new(ScheduleKeys.TriggerTag, trigger),
            new(ScheduleKeys.ActionTag, schedule.Action.ToString()),
            new(TrackedCommand.CommandTag, CommandLine(schedule.Action)),
            new(TrackingKeys.HostTag, Environment.MachineName),
            new(TrackingKeys.PidTag, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)),

            // With the process's start time and a heartbeat (the run's metric buffer renews it every second), the run
            // reaper marks the run KILLED once this process is gone (kill -9 of 'ariadne server'): never RUNNING forever.
            new(TrackingKeys.ProcessStartTag, RunReaper.ProcessStart(System.Diagnostics.Process.GetCurrentProcess())),
            new(TrackingKeys.HeartbeatTag, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        };
        if (schedule.TimeoutText is { } limit)
        {
            tags.Add(new RunTag(ScheduleKeys.TimeoutTag, limit));
        }
        if (trigger == ScheduleKeys.CronTrigger && occasion is not null)
        {
            tags.Add(new RunTag(ScheduleKeys.SlotTag, occasion));
        }
        else if (trigger == ScheduleKeys.DatasetTrigger && occasion is not null)
        {
            tags.Add(new RunTag(ScheduleKeys.DatasetTag, occasion));
        }

        var name = occasion is null ? $"{schedule.Name} (manual)" : $"{schedule.Name} {occasion}";
        RunInfo info;
        try
        {
            info = await options.Store.CreateRunInExperimentAsync(
                ScheduleKeys.Experiment, new NewRun("", name, now.ToUnixTimeMilliseconds(), Environment.UserName, null, tags, runId), cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.ResourceAlreadyExists && runId is not null)
        {
            // Another scheduler on this store (or this one before a restart) created the run: the slot is taken.
            return ScheduleExecution.TakenElsewhere(schedule, trigger, occasion!, runId);
        }

        var run = new ActiveRun(options.Store, info, options.Workspace, options.Time, attached: false);
        var log = new StringBuilder();
        var gate = new Lock();
        void Keep(string text)
        {
            lock (gate)
            {
                log.Append(text);
                echo?.Invoke(text);
            }
        }

        int exitCode;
        var status = RunStatus.Failed;
        try
        {
            var command = Command(schedule.Action, info.RunId) with
            {
                Output = ProcessOutput.Text(Keep),
                Error = ProcessOutput.Text(Keep),
                Timeout = schedule.Timeout,
            };
            try
            {
                var result = await command.RunAsync(cancellationToken).ConfigureAwait(false);
                exitCode = result.ExitCode;
                if (result.TimedOut)
                {
                    // As timeout(1) says: 124. The process tree is killed; the run ends FAILED with the reason in its log.
                    Keep($"\nerror: schedule '{schedule.Name}' ran longer than its timeout ({schedule.TimeoutText}); its processes were killed.\n");
                    exitCode = ScheduleKeys.TimedOutExitCode;
                }
            }
            catch (AriadneException e) when (e.Code == ErrorCode.InvalidArgument)
            {
                // The program could not be started: the run fails with the reason in its log, as a shell says 127.
                Keep($"error: {e.Message}\n");
                exitCode = 127;
            }

            status = exitCode == 0 ? RunStatus.Finished : RunStatus.Failed;
        }
        catch (OperationCanceledException)
        {
            status = RunStatus.Killed;
            exitCode = ProcessResult.KilledExitCode;
            await EndAsync(run, log.ToString(), exitCode, status).ConfigureAwait(false);
            throw;
        }
        catch
        {
            await EndAsync(run, log.ToString(), null, RunStatus.Failed).ConfigureAwait(false);
            throw;
        }

        await EndAsync(run, log.ToString(), exitCode, status).ConfigureAwait(false);
        return new ScheduleExecution(schedule, trigger, occasion, Claimed: true, info.RunId, exitCode, status);
    }

    private static async Task EndAsync(ActiveRun run, string log, int? exitCode, RunStatus status)
    {
        if (log.Length > 0 && run.CanStoreArtifacts)
        {
            await run.LogTextAsync(log, TrackedCommand.LogArtifact, CancellationToken.None).ConfigureAwait(false);
        }

        if (exitCode is { } code)
        {
            await run.SetTagAsync(TrackedCommand.ExitCodeTag, code.ToString(CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
        }

        await run.EndAsync(status, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The process an action starts: <c>ariadne ...</c> for pipeline, stage and monitor actions, <c>/bin/sh -c</c> for a command.</summary>
    private ProcessCommand Command(ScheduleAction action, string runId)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // A command logs into the schedule's run with the SDK, as under 'ariadne run'; ariadne commands record their own runs.
            [TrackingKeys.RunIdVariable] = action.IsAriadneCommand ? null : runId,
        };
        if (options.StoreUri is { } uri)
        {
            environment[TrackingKeys.TrackingUriVariable] = uri;
        }

        if (!action.IsAriadneCommand)
        {
            return new ProcessCommand("/bin/sh", action.Arguments) { WorkingDirectory = options.WorkspaceRoot, Environment = environment };
        }

        var ariadne = options.AriadneCommand is { Count: > 0 } given ? given : throw ScheduleErrors.NoAriadneCommand();
        return new ProcessCommand(ariadne[0], [.. ariadne.Skip(1), .. action.Arguments]) { WorkingDirectory = options.WorkspaceRoot, Environment = environment };
    }

    private static string CommandLine(ScheduleAction action) =>
        action.IsAriadneCommand ? "ariadne " + string.Join(' ', action.Arguments) : action.Value!;

    /// <summary>How this process starts <c>ariadne</c> again: its own executable (the Native AOT binary), or <c>dotnet ariadne.dll</c> under the JIT.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Empty in a single-file (Native AOT) binary, which is then the process itself: handled below.")]
    public static IReadOnlyList<string> CurrentAriadne(System.Reflection.Assembly cliAssembly)
    {
        ArgumentNullException.ThrowIfNull(cliAssembly);
        var location = cliAssembly.Location;
        var process = Environment.ProcessPath ?? "dotnet";
        if (string.IsNullOrEmpty(location))
        {
            return [process];
        }

        var host = Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return [host, location];
    }
}
