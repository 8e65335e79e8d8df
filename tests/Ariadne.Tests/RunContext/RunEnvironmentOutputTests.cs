using System.Text.Json;
using Ariadne.RunContext;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.RunContext;

public sealed class RunEnvironmentOutputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Capture_records_process_runtime_and_hardware()
    {
        var time = new FixedTime(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));

        var environment = RunEnvironment.Capture(_folder.Path, time: time);

        Assert.Equal(time.Now, environment.CapturedAt);
        Assert.Equal(Path.GetFullPath(_folder.Path), environment.WorkingDirectory);
        Assert.NotEmpty(environment.CommandLine);
        Assert.Equal(Environment.MachineName, environment.HostName);
        Assert.False(string.IsNullOrWhiteSpace(environment.UserName));
        Assert.StartsWith(".NET", environment.RuntimeVersion, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(environment.ProcessorName));
        Assert.Equal(Environment.ProcessorCount, environment.LogicalCores);
        Assert.True(environment.TotalMemoryBytes > 64L * 1024 * 1024);
        Assert.True(environment.MemoryLimitBytes > 0);
        Assert.NotNull(environment.Gpus);
    }

    [Fact]
    public void Packages_come_from_the_test_hosts_deps_json_and_assemblies_from_the_process()
    {
        var environment = RunEnvironment.Capture(_folder.Path);

        Assert.Equal("deps.json", environment.PackagesSource);
        Assert.Contains(new SoftwarePackage("xunit", "2.9.3"), environment.Packages);
        Assert.Contains(environment.Packages, p => p.Name == "Blake3" && p.Version.Length > 0);
        Assert.DoesNotContain(environment.Packages, p => p.Name == "Ariadne");
        Assert.Contains(environment.Assemblies, a => a.Name == "Ariadne.Core");
        Assert.Contains(environment.Assemblies, a => a.Name == "System.Private.CoreLib" && a.Version.Length > 0);
        Assert.Equal(environment.Assemblies.Select(a => a.Name).Distinct().Count(), environment.Assemblies.Count);
    }

    [Fact]
    public void Deps_file_lists_only_package_libraries_and_a_broken_file_is_no_error()
    {
        var deps = _folder.WriteFile("app.deps.json", """
            {
              "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" },
              "libraries": {
                "app/1.0.0": { "type": "project", "serviceable": false, "sha512": "" },
                "Newtonsoft.Json/13.0.3": { "type": "package", "serviceable": true, "sha512": "sha512-x" },
                "Blake3/3.0.2": { "type": "package" },
                "Some.Reference/1.0.0.0": { "type": "reference" }
              }
            }
            """);
        var broken = _folder.WriteFile("broken.deps.json", "{ \"libraries\": ");

        Assert.Equal(
            [new SoftwarePackage("Blake3", "3.0.2"), new SoftwarePackage("Newtonsoft.Json", "13.0.3")],
            PackageProbe.ReadDepsFile(deps));
        Assert.Null(PackageProbe.ReadDepsFile(broken));
        Assert.Null(PackageProbe.ReadDepsFile(_folder.Combine("missing.deps.json")));
    }

    [Fact]
    public void Json_is_one_valid_document_with_every_section()
    {
        using var repo = new GitRepo();
        repo.Write("a.txt", "a");
        repo.Commit("first");
        repo.Write("a.txt", "b");

        var environment = RunEnvironment.Capture(repo.Root);
        using var stream = new MemoryStream();
        environment.WriteJson(stream);
        using var json = JsonDocument.Parse(stream.ToArray());
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal(environment.CapturedAt, root.GetProperty("capturedAt").GetDateTimeOffset());
        var git = root.GetProperty("git");
        Assert.Equal(environment.Git!.Commit, git.GetProperty("commit").GetString());
        Assert.Equal("main", git.GetProperty("branch").GetString());
        Assert.True(git.GetProperty("dirty").GetBoolean());
        Assert.True(git.GetProperty("diffLength").GetInt32() > 0);
        var process = root.GetProperty("process");
        Assert.Equal(environment.CommandLine.Count, process.GetProperty("commandLine").GetArrayLength());
        Assert.Equal(environment.WorkingDirectory, process.GetProperty("workingDirectory").GetString());
        Assert.Equal(environment.UserName, process.GetProperty("user").GetString());
        Assert.Equal(environment.HostName, process.GetProperty("host").GetString());
        Assert.Equal(environment.OSDescription, root.GetProperty("os").GetProperty("description").GetString());
        Assert.Equal(environment.OSVersion, root.GetProperty("os").GetProperty("version").GetString());
        Assert.Equal(environment.RuntimeVersion, root.GetProperty("runtime").GetProperty("framework").GetString());
        var hardware = root.GetProperty("hardware");
        Assert.Equal(environment.ProcessorName, hardware.GetProperty("cpu").GetString());
        Assert.Equal(environment.LogicalCores, hardware.GetProperty("logicalCores").GetInt32());
        Assert.Equal(environment.TotalMemoryBytes, hardware.GetProperty("memoryBytes").GetInt64());
        Assert.Equal(environment.Gpus.Count, hardware.GetProperty("gpus").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("environmentVariables").ValueKind);
        Assert.Equal("deps.json", root.GetProperty("packagesSource").GetString());
        Assert.Contains(root.GetProperty("packages").EnumerateArray(), p => p.GetProperty("name").GetString() == "xunit");
        Assert.Contains(root.GetProperty("assemblies").EnumerateArray(), p => p.GetProperty("name").GetString() == "Ariadne.Core");
        Assert.Equal(environment.ToJson(), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Tags_are_namespaced_and_no_value_exceeds_the_limit()
    {
        var huge = new string('x', 20_000);
        var environment = new RunEnvironment
        {
            CapturedAt = DateTimeOffset.UnixEpoch,
            CommandLine = ["/opt/train", "--config", huge],
            WorkingDirectory = "/work",
            UserName = "alice",
            HostName = "node01",
            OSDescription = "Linux",
            OSVersion = "Unix 6.1.0",
            OSArchitecture = "X64",
            ProcessArchitecture = "X64",
            RuntimeVersion = ".NET 10.0.0",
            RuntimeIdentifier = "linux-x64",
            ProcessorName = "CPU",
            LogicalCores = 8,
            TotalMemoryBytes = 1L << 34,
            MemoryLimitBytes = 1L << 33,
            Gpus = [new GpuDevice("NVIDIA H100 80GB HBM3", 81559L * 1024 * 1024, "550.54.15"), new GpuDevice("NVIDIA H100 80GB HBM3", null, null)],
            EnvironmentVariables = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "4", ["ARIADNE_NOTE"] = "😀" + huge },
            Assemblies = [],
            Packages = [],
            PackagesSource = "assemblies",
            Git = new GitState { Commit = new string('a', 40), Branch = "main", RemoteUrl = "https://example.com/r.git", IsDirty = true, Diff = huge },
        };

        var tags = environment.ToTags();
        var byKey = tags.ToDictionary(t => t.Key, t => t.Value);

        Assert.All(tags, t => Assert.True(t.Value.Length <= RunEnvironment.MaxTagValueLength, $"{t.Key} is {t.Value.Length} chars"));
        Assert.All(tags, t => Assert.True(t.Key.StartsWith("ariadne.", StringComparison.Ordinal) || t.Key.StartsWith("mlflow.", StringComparison.Ordinal), t.Key));
        Assert.Equal(tags.Count, byKey.Count);
        Assert.EndsWith(RunEnvironment.TruncationMarker, byKey["ariadne.command"], StringComparison.Ordinal);
        Assert.StartsWith("/opt/train --config xxx", byKey["ariadne.command"], StringComparison.Ordinal);
        Assert.Equal(new string('a', 40), byKey["ariadne.git.commit"]);
        Assert.Equal(new string('a', 40), byKey["mlflow.source.git.commit"]);
        Assert.Equal("main", byKey["ariadne.git.branch"]);
        Assert.Equal("main", byKey["mlflow.source.git.branch"]);
        Assert.Equal("https://example.com/r.git", byKey["ariadne.git.remote"]);
        Assert.Equal("https://example.com/r.git", byKey["mlflow.source.git.repoURL"]);
        Assert.Equal("true", byKey["ariadne.git.dirty"]);
        Assert.Equal("alice", byKey["ariadne.user"]);
        Assert.Equal("alice", byKey["mlflow.user"]);
        Assert.Equal("node01", byKey["ariadne.host"]);
        Assert.Equal("/work", byKey["ariadne.workdir"]);
        Assert.Equal("/opt/train", byKey["mlflow.source.name"]);
        Assert.Equal("LOCAL", byKey["mlflow.source.type"]);
        Assert.Equal("Linux", byKey["ariadne.os"]);
        Assert.Equal(".NET 10.0.0", byKey["ariadne.runtime"]);
        Assert.Equal("CPU", byKey["ariadne.cpu"]);
        Assert.Equal("8", byKey["ariadne.cores"]);
        Assert.Equal((1L << 34).ToString(System.Globalization.CultureInfo.InvariantCulture), byKey["ariadne.memory_bytes"]);
        Assert.Equal("NVIDIA H100 80GB HBM3 (81559 MiB); NVIDIA H100 80GB HBM3", byKey["ariadne.gpus"]);
        Assert.Equal("550.54.15", byKey["ariadne.gpu_driver"]);
        Assert.Equal("4", byKey["ariadne.env.OMP_NUM_THREADS"]);
        Assert.StartsWith("😀", byKey["ariadne.env.ARIADNE_NOTE"], StringComparison.Ordinal);
        Assert.Equal(huge, environment.GitDiff);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var keep = RunEnvironment.MaxTagValueLength - RunEnvironment.TruncationMarker.Length;
        var value = new string('x', keep - 1) + "😀" + new string('y', 100);

        var cut = RunEnvironmentTags.Truncate(value);

        Assert.True(cut.Length <= RunEnvironment.MaxTagValueLength);
        Assert.EndsWith("x" + RunEnvironment.TruncationMarker, cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_tag_quotes_arguments_a_shell_would_split()
    {
        Assert.Equal(
            "dotnet run -- --name 'my run' 'it'\\''s' ''",
            RunEnvironmentTags.JoinCommandLine(["dotnet", "run", "--", "--name", "my run", "it's", ""]));
    }

    public void Dispose() => _folder.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
