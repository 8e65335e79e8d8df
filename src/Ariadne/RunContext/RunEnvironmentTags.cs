using System.Globalization;
using System.Text;
using Ariadne.Tracking;

namespace Ariadne.RunContext;

/// <summary>Turns a <see cref="RunEnvironment"/> into <c>ariadne.*</c> and MLflow source tags.</summary>
internal static class RunEnvironmentTags
{
    /// <summary>MLflow's limit on a tag key.</summary>
    private const int MaxKeyLength = 250;

    public static IReadOnlyList<RunTag> Build(RunEnvironment environment)
    {
        var tags = new List<RunTag>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value) && key.Length <= MaxKeyLength)
            {
                tags.Add(new RunTag(key, Truncate(value)));
            }
        }

        var git = environment.Git;
        if (git is not null)
        {
            Add("ariadne.git.commit", git.Commit);
            Add("ariadne.git.branch", git.IsDetached ? "(detached HEAD)" : git.Branch);
            Add("ariadne.git.remote", git.RemoteUrl);
            Add("ariadne.git.dirty", git.IsDirty ? "true" : "false");
            Add("ariadne.git.untracked", git.UntrackedCount.ToString(CultureInfo.InvariantCulture));
        }

        Add("ariadne.user", environment.UserName);
        Add("ariadne.host", environment.HostName);
        Add("ariadne.command", JoinCommandLine(environment.CommandLine));
        Add("ariadne.workdir", environment.WorkingDirectory);
        Add("ariadne.os", environment.OSDescription);
        Add("ariadne.arch", environment.ProcessArchitecture);
        Add("ariadne.runtime", environment.RuntimeVersion);
        Add("ariadne.cpu", environment.ProcessorName);
        Add("ariadne.cores", environment.LogicalCores.ToString(CultureInfo.InvariantCulture));
        Add("ariadne.memory_bytes", environment.TotalMemoryBytes.ToString(CultureInfo.InvariantCulture));
        if (environment.Gpus.Count > 0)
        {
            Add("ariadne.gpus", string.Join("; ", environment.Gpus.Select(Describe)));
            Add("ariadne.gpu_driver", environment.Gpus[0].DriverVersion);
        }

        foreach (var (name, value) in environment.EnvironmentVariables)
        {
            Add("ariadne.env." + name, value);
        }

        Add("mlflow.user", environment.UserName);
        Add("mlflow.source.name", environment.CommandLine.Count > 0 ? environment.CommandLine[0] : null);
        Add("mlflow.source.type", "LOCAL");
        if (git is not null)
        {
            Add("mlflow.source.git.commit", git.Commit);
            Add("mlflow.source.git.branch", git.Branch);
            Add("mlflow.source.git.repoURL", git.RemoteUrl);
        }

        return tags;
    }

    private static string Describe(GpuDevice gpu) =>
        gpu.MemoryBytes is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"{gpu.Name} ({bytes / (1024 * 1024)} MiB)")
            : gpu.Name;

    /// <summary>Cuts a value to <see cref="RunEnvironment.MaxTagValueLength"/> characters, ending in the marker, without splitting a surrogate pair.</summary>
    internal static string Truncate(string value)
    {
        if (value.Length <= RunEnvironment.MaxTagValueLength)
        {
            return value;
        }

        var keep = RunEnvironment.MaxTagValueLength - RunEnvironment.TruncationMarker.Length;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), RunEnvironment.TruncationMarker);
    }

    /// <summary>The command line as one string a POSIX shell would split back into the same arguments.</summary>
    internal static string JoinCommandLine(IReadOnlyList<string> args)
    {
        var text = new StringBuilder();
        foreach (var arg in args)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            if (arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal)))
            {
                text.Append(arg);
            }
            else
            {
                text.Append('\'').Append(arg.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
            }
        }

        return text.ToString();
    }
}
