using System.Text;

namespace Ariadne.RunContext;

/// <summary>
/// A container recipe (Dockerfile) that rebuilds a recorded environment: the .NET SDK image of the recorded SDK version
/// (or of the runtime's major.minor when no SDK was recorded), the recorded variables that change results, the Python
/// interpreter and every recorded Python distribution pinned to its version, and the project restored in NuGet's locked
/// mode from each recorded lock file. The build context is a checkout of the recorded commit.
/// </summary>
internal static class DockerfileRecipe
{
    public const string ImageRepository = "mcr.microsoft.com/dotnet/sdk";

    /// <summary>The base image: the SDK image tagged with the recorded SDK version, else with the runtime's major.minor.</summary>
    public static string BaseImage(EnvironmentRecord environment)
    {
        if (environment.Sdk is { Length: > 0 } sdk)
        {
            return $"{ImageRepository}:{sdk}";
        }

        var runtime = environment.RuntimeVersion
            ?? throw AriadneException.InvalidArgument("The run recorded neither its .NET SDK nor its runtime version, so there is no base image to name.");
        var parts = runtime.Split('.');
        return $"{ImageRepository}:{(parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : runtime)}";
    }

    public static string Write(EnvironmentRecord environment, string runId)
    {
        var text = new StringBuilder();
        text.AppendLine("# syntax=docker/dockerfile:1");
        text.AppendLine($"# The environment of Ariadne run {runId}, written by 'ariadne env export --dockerfile'.");
        text.AppendLine($"# Recorded: {environment.Runtime ?? "runtime unknown"}, SDK {environment.Sdk ?? "unknown"}, {environment.OS ?? "OS unknown"} ({environment.Architecture ?? "?"}).");
        text.AppendLine("# Build it from a checkout of the recorded commit (the folder holding the pipeline or script):");
        text.AppendLine(environment.GitCommit is { } commit
            ? $"#   git worktree add ../run-{runId[..Math.Min(8, runId.Length)]} {commit} && docker build -f Dockerfile ../run-{runId[..Math.Min(8, runId.Length)]}"
            : "#   docker build -f Dockerfile <project folder>   (the run recorded no git commit)");
        text.AppendLine($"FROM {BaseImage(environment)}");
        text.Append($"LABEL ariadne.run_id={Quote(runId)}");
        if (environment.GitCommit is { } revision)
        {
            text.Append($" org.opencontainers.image.revision={Quote(revision)}");
        }

        if (environment.Runtime is { } runtime)
        {
            text.Append($" ariadne.runtime={Quote(runtime)}");
        }

        text.AppendLine();
        var variables = environment.ResultVariables;
        text.AppendLine("ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1" + string.Concat(variables.Select(v => $" {v.Key}={Quote(v.Value)}")));

        if (environment.Python is { } python)
        {
            text.AppendLine($"# Python {python.Version} was recorded; the image's python3 is used, and every distribution is pinned to its recorded version.");
            text.AppendLine("RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-pip && rm -rf /var/lib/apt/lists/*");
            text.AppendLine("RUN python3 -m venv /opt/venv");
            text.AppendLine("ENV PATH=/opt/venv/bin:$PATH");
            var pins = python.Packages.Where(p => p.Version.Length > 0 && !IsInstaller(p.Name)).Select(p => $"{p.Name}=={p.Version}").ToList();
            if (pins.Count > 0)
            {
                text.AppendLine("RUN pip install --no-cache-dir \\");
                for (var i = 0; i < pins.Count; i++)
                {
                    text.AppendLine($"    {pins[i]}{(i < pins.Count - 1 ? " \\" : "")}");
                }
            }
        }

        text.AppendLine("WORKDIR /work");
        text.AppendLine("COPY . .");
        foreach (var lockFile in environment.Pins.LockFiles)
        {
            var folder = Path.GetDirectoryName(lockFile.Path)?.Replace('\\', '/');
            text.AppendLine($"# {lockFile.Path}: {lockFile.Packages.Count} packages at their locked versions ({string.Join(", ", lockFile.Packages.Take(3).Select(p => $"{p.Name} {p.Version}"))}{(lockFile.Packages.Count > 3 ? ", ..." : "")}).");
            text.AppendLine($"RUN dotnet restore {(string.IsNullOrEmpty(folder) ? "." : folder)} --locked-mode");
        }

        return text.ToString();
    }

    private static bool IsInstaller(string name) => name.Equals("pip", StringComparison.OrdinalIgnoreCase) || name.Equals("setuptools", StringComparison.OrdinalIgnoreCase) || name.Equals("wheel", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + "\"";
}
