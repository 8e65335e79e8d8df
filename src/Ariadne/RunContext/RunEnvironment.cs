using System.Runtime.InteropServices;
using System.Text;
using Ariadne.Tracking;

namespace Ariadne.RunContext;

/// <summary>
/// Everything needed to reproduce the environment a run executed in: git state (commit, branch, remote, uncommitted
/// diff), command line, user and host, operating system, .NET runtime, processor, memory and GPUs, loaded assemblies
/// and NuGet packages, and allow-listed environment variables. Taken by <see cref="Capture"/> without any help from
/// the user; stored as tags (<see cref="ToTags"/>), an <c>environment.json</c> artifact (<see cref="WriteJson"/>)
/// and, when the working tree is dirty, a <c>git.diff</c> artifact (<see cref="GitDiff"/>).
/// </summary>
/// <remarks>
/// Secrets are kept out: environment variables whose names contain SECRET, TOKEN, PASSWORD, PASSWD, KEY or
/// CREDENTIAL (in any case) are never recorded, even when allow-listed; the values of command-line options with such
/// names are replaced by <c>***</c>; user names and passwords are removed from remote URLs.
/// </remarks>
internal sealed class RunEnvironment
{
    /// <summary>The longest tag value <see cref="ToTags"/> produces; longer values are cut and end in <see cref="TruncationMarker"/>.</summary>
    public const int MaxTagValueLength = 8000;

    /// <summary>Appended to a tag value that was cut to <see cref="MaxTagValueLength"/>.</summary>
    public const string TruncationMarker = "...[truncated]";

    /// <summary>
    /// The environment variables recorded when no allow-list is given: those known to change results or to identify
    /// where a run executed. An entry ending in <c>*</c> matches every name with that prefix.
    /// </summary>
    public static IReadOnlyList<string> DefaultEnvironmentAllowList { get; } =
    [
        // GPUs and math libraries: which devices, how many threads, deterministic kernels.
        "CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER", "CUBLAS_WORKSPACE_CONFIG", "NVIDIA_VISIBLE_DEVICES",
        "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
        "MKL_CBWR",

        // .NET runtime knobs that change code generation, GC or threading.
        "DOTNET_TieredPGO", "DOTNET_TieredCompilation", "DOTNET_TC_QuickJitForLoops", "DOTNET_ReadyToRun",
        "DOTNET_gcServer", "DOTNET_gcConcurrent", "DOTNET_GCHeapCount", "DOTNET_GCHeapHardLimit",
        "DOTNET_Thread_UseAllCpuGroups", "DOTNET_PROCESSOR_COUNT", "DOTNET_EnableAVX2", "DOTNET_EnableAVX512F",
        "DOTNET_ROLL_FORWARD", "DOTNET_ENVIRONMENT",

        // Python seeds, when Ariadne's CLI wraps a Python script.
        "PYTHONHASHSEED",

        // Schedulers and CI: where and as what the run executed.
        "SLURM_JOB_ID", "SLURM_JOB_NAME", "SLURM_JOB_NODELIST", "SLURM_JOB_PARTITION", "SLURM_ARRAY_JOB_ID",
        "SLURM_ARRAY_TASK_ID", "SLURM_CPUS_PER_TASK", "SLURM_NTASKS", "SLURM_PROCID", "SLURM_CLUSTER_NAME",
        "PBS_JOBID", "CI", "GITHUB_SHA", "GITHUB_REF", "GITHUB_RUN_ID", "GITHUB_WORKFLOW",

        // Locale and time zone change parsing and formatting.
        "TZ", "LANG", "LC_ALL",

        // Ariadne's own settings.
        "ARIADNE_*",
    ];

    /// <summary>When the environment was captured.</summary>
    public required DateTimeOffset CapturedAt { get; init; }

    /// <summary>The git state of <see cref="WorkingDirectory"/>; null outside a repository or without git.</summary>
    public GitState? Git { get; init; }

    /// <summary>The process's command line, program first, with secret option values masked.</summary>
    public required IReadOnlyList<string> CommandLine { get; init; }

    /// <summary>The folder the run was captured in (full path).</summary>
    public required string WorkingDirectory { get; init; }

    public required string UserName { get; init; }

    public required string HostName { get; init; }

    /// <summary>E.g. <c>Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1</c>.</summary>
    public required string OSDescription { get; init; }

    /// <summary>The kernel or OS build version, e.g. <c>Unix 6.1.0.18</c>.</summary>
    public required string OSVersion { get; init; }

    public required string OSArchitecture { get; init; }

    public required string ProcessArchitecture { get; init; }

    /// <summary>The .NET runtime, e.g. <c>.NET 10.0.0</c>.</summary>
    public required string RuntimeVersion { get; init; }

    /// <summary>The .NET SDK <c>dotnet --version</c> picks in <see cref="WorkingDirectory"/> (global.json honoured); null when no SDK answers.</summary>
    public string? SdkVersion { get; init; }

    /// <summary>The project's toolchain and package pins: global.json's SDK, the NuGet lock files and what they resolve.</summary>
    public ToolchainPins Pins { get; init; } = ToolchainPins.None;

    /// <summary>The runtime identifier, e.g. <c>linux-x64</c>.</summary>
    public required string RuntimeIdentifier { get; init; }

    public required string ProcessorName { get; init; }

    /// <summary>Logical processors available to the process.</summary>
    public required int LogicalCores { get; init; }

    /// <summary>Physical memory of the machine in bytes.</summary>
    public required long TotalMemoryBytes { get; init; }

    /// <summary>Memory the process may use in bytes (a container or job limit, when lower than the machine's).</summary>
    public required long MemoryLimitBytes { get; init; }

    /// <summary>NVIDIA GPUs visible to <c>nvidia-smi</c>; empty when there are none or the tool is absent.</summary>
    public required IReadOnlyList<GpuDevice> Gpus { get; init; }

    /// <summary>Allow-listed environment variables, by name, secrets excluded.</summary>
    public required IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; }

    /// <summary>Every non-dynamic assembly loaded when the environment was captured, with its informational version.</summary>
    public required IReadOnlyList<SoftwarePackage> Assemblies { get; init; }

    /// <summary>NuGet packages the program was built against (its deps.json); the loaded assemblies under Native AOT.</summary>
    public required IReadOnlyList<SoftwarePackage> Packages { get; init; }

    /// <summary>Where <see cref="Packages"/> came from: <c>deps.json</c> or <c>assemblies</c>.</summary>
    public required string PackagesSource { get; init; }

    /// <summary>The uncommitted changes to tracked files as a patch (for a <c>git.diff</c> artifact); null when the tree is clean or not in git.</summary>
    public string? GitDiff => Git is { IsDirty: true, Diff: { Length: > 0 } diff } ? diff : null;

    /// <summary>
    /// Captures the environment of the current process, with git state taken from <paramref name="workingDirectory"/>.
    /// Never throws for a missing tool or repository: git fields are null and the GPU list is empty instead. External
    /// tools run concurrently, each bounded by a timeout of a few seconds.
    /// </summary>
    /// <param name="workingDirectory">The folder the run works in; git state comes from the repository containing it.</param>
    /// <param name="environmentAllowList">Environment variable names to record (an entry ending in <c>*</c> is a prefix); null for <see cref="DefaultEnvironmentAllowList"/>. Secret-looking names are excluded either way.</param>
    /// <param name="time">The clock for <see cref="CapturedAt"/>; <see cref="TimeProvider.System"/> when null.</param>
    public static RunEnvironment Capture(string workingDirectory, IReadOnlyCollection<string>? environmentAllowList = null, TimeProvider? time = null) =>
        CaptureAsync(workingDirectory, environmentAllowList, time).GetAwaiter().GetResult();

    /// <inheritdoc cref="Capture"/>
    public static async Task<RunEnvironment> CaptureAsync(string workingDirectory, IReadOnlyCollection<string>? environmentAllowList = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        var folder = Path.GetFullPath(workingDirectory);
        var capturedAt = (time ?? TimeProvider.System).GetUtcNow();

        // The slow parts are external processes: start them all, then gather the in-process facts meanwhile.
        var git = Directory.Exists(folder) ? GitProbe.CaptureAsync(folder) : Task.FromResult<GitState?>(null);
        var gpus = HardwareProbe.GpusAsync();
        var processor = HardwareProbe.ProcessorNameAsync();
        var sdk = Directory.Exists(folder) ? DotnetSdkVersionAsync(folder) : Task.FromResult<string?>(null);

        var assemblies = PackageProbe.LoadedAssemblies();
        var (packages, packagesSource) = PackageProbe.Packages(assemblies);
        var variables = EnvironmentVariableFilter.Select(environmentAllowList ?? DefaultEnvironmentAllowList);
        var gitState = await git.ConfigureAwait(false);

        return new RunEnvironment
        {
            CapturedAt = capturedAt,
            CommandLine = SecretNames.MaskCommandLine(Environment.GetCommandLineArgs()),
            WorkingDirectory = folder,
            UserName = SafeUserName(),
            HostName = Environment.MachineName,
            OSDescription = RuntimeInformation.OSDescription,
            OSVersion = Environment.OSVersion.VersionString,
            OSArchitecture = RuntimeInformation.OSArchitecture.ToString(),
            ProcessArchitecture = RuntimeInformation.ProcessArchitecture.ToString(),
            RuntimeVersion = RuntimeInformation.FrameworkDescription,
            RuntimeIdentifier = RuntimeInformation.RuntimeIdentifier,
            LogicalCores = Environment.ProcessorCount,
            TotalMemoryBytes = HardwareProbe.TotalMemoryBytes(),
            MemoryLimitBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            EnvironmentVariables = variables,
            Assemblies = assemblies,
            Packages = packages,
            PackagesSource = packagesSource,
            ProcessorName = await processor.ConfigureAwait(false),
            Gpus = await gpus.ConfigureAwait(false),
            Git = gitState,
            SdkVersion = await sdk.ConfigureAwait(false),
            Pins = Directory.Exists(folder) ? ToolchainPins.Read(folder, gitState?.Root) : ToolchainPins.None,
        };
    }

    /// <summary>
    /// The environment as run tags, every value at most <see cref="MaxTagValueLength"/> characters:
    /// <c>ariadne.git.commit</c>, <c>ariadne.git.branch</c> (<c>(detached HEAD)</c> when detached), <c>ariadne.git.remote</c>,
    /// <c>ariadne.git.dirty</c>, <c>ariadne.git.untracked</c>, <c>ariadne.user</c>, <c>ariadne.host</c>,
    /// <c>ariadne.command</c>, <c>ariadne.workdir</c>, <c>ariadne.os</c>, <c>ariadne.arch</c>, <c>ariadne.runtime</c>,
    /// <c>ariadne.cpu</c>, <c>ariadne.cores</c>, <c>ariadne.memory_bytes</c>, <c>ariadne.gpus</c> and <c>ariadne.gpu_driver</c>
    /// (when there are GPUs), <c>ariadne.env.NAME</c> per recorded variable; and the MLflow source tags
    /// <c>mlflow.user</c>, <c>mlflow.source.name</c>, <c>mlflow.source.type</c>, <c>mlflow.source.git.commit</c>,
    /// <c>mlflow.source.git.branch</c>, <c>mlflow.source.git.repoURL</c>. Tags whose value would be unknown are left out.
    /// </summary>
    public IReadOnlyList<RunTag> ToTags() => RunEnvironmentTags.Build(this);

    /// <summary>Writes the whole environment as one indented JSON document (UTF-8) for an <c>environment.json</c> artifact.</summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        RunEnvironmentJson.Write(this, stream);
    }

    /// <summary>The document <see cref="WriteJson"/> writes, as a string.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<string?> DotnetSdkVersionAsync(string folder)
    {
        var output = await ToolProcess.RunAsync("dotnet", ["--version"], folder, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var version = output?.Text.Trim();
        return string.IsNullOrEmpty(version) || version.Contains(' ', StringComparison.Ordinal) ? null : version;
    }

    private static string SafeUserName()
    {
        try
        {
            return Environment.UserName;
        }
        catch (InvalidOperationException)
        {
            return Environment.GetEnvironmentVariable("USER") ?? "";
        }
    }
}
