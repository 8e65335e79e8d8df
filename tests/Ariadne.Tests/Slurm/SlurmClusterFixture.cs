using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ariadne.Tests.Slurm;

/// <summary>
/// A real one-node Slurm 22.05 cluster on localhost for the tests: its own munged (a fresh key, a socket in a
/// folder with mode 755), slurmctld and <c>slurmd -N localhost</c> (the machine's hostname differs), all in the
/// foreground as children of the test run, with a generated slurm.conf in a temporary folder (ports on 127.0.0.1,
/// <c>proctrack/linuxproc</c>, <c>task/none</c>, <c>jobcomp/filetxt</c> so <c>sacct -c</c> sees finished jobs, one
/// fake GPU backed by /dev/null for <c>--gres=gpu:1</c>). It waits until <c>sinfo</c> shows the node idle, points
/// <c>SLURM_CONF</c> at the config for the whole test process (sbatch and friends read it), and stops the daemons
/// and removes the folder afterwards. Needs root (slurmd runs jobs as their user) and the Debian packages
/// slurm-wlm and munge; fails loudly without them.
/// </summary>
public sealed class SlurmClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<Process> _daemons = [];

    /// <summary>The temporary folder holding slurm.conf, the daemons' state and logs; removed on dispose.</summary>
    public string Root { get; } = Path.Combine("/tmp", "ariadne-slurm", Guid.NewGuid().ToString("N")[..12]);

    public string ConfigFile => Path.Combine(Root, "slurm.conf");

    private string MungeSocket => Path.Combine(Root, "munge-socket", "munge.sock");

    public async Task InitializeAsync()
    {
        var missing = new[] { "/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/bin/sinfo", "/usr/bin/scontrol", "/usr/bin/sacct", "/usr/bin/scancel" }
            .Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Slurm is not installed ({string.Join(", ", missing)} missing), so the Slurm tests cannot start their one-node cluster. " +
                "Install it with 'apt-get install -y slurm-wlm munge' (Debian 12 ships Slurm 22.05), or run ./run-tests, which installs it.");
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The Slurm tests start slurmctld and slurmd for a one-node cluster and must run as root (./run-tests does, as CI does).");
        }

        foreach (var folder in new[] { "munge-key", "munge-socket", "state", "spool", "log" })
        {
            Directory.CreateDirectory(Path.Combine(Root, folder));
        }

        File.SetUnixFileMode(Path.Combine(Root, "munge-key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(Root, "munge-socket"), (UnixFileMode)0b111_101_101);
        var key = Path.Combine(Root, "munge-key", "munge.key");
        await File.WriteAllBytesAsync(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Start("/usr/sbin/munged", [
            "-F", "-f", $"--socket={MungeSocket}", $"--key-file={key}", $"--log-file={Log("munged.log")}",
            $"--pid-file={Path.Combine(Root, "munge-key", "munged.pid")}", $"--seed-file={Path.Combine(Root, "munge-key", "munged.seed")}",
        ]);
        await WaitAsync(() => Task.FromResult(File.Exists(MungeSocket)), "munged to create its socket");

        await File.WriteAllTextAsync(ConfigFile, Config(FreePort(), FreePort()));
        await File.WriteAllTextAsync(Path.Combine(Root, "gres.conf"), "NodeName=localhost Name=gpu File=/dev/null\n");
        Environment.SetEnvironmentVariable("SLURM_CONF", ConfigFile);

        Start("/usr/sbin/slurmctld", ["-D", "-i", "-f", ConfigFile]);
        Start("/usr/sbin/slurmd", ["-D", "-N", "localhost", "-f", ConfigFile]);
        await WaitAsync(async () => (await RunAsync("sinfo", "-h", "-n", "localhost", "-o", "%T")).Output.Trim() == "idle", "sinfo to show the node 'localhost' idle");
    }

    /// <summary>Runs a Slurm command (sinfo, scontrol, sacct) against the test cluster.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SLURM_CONF"] = ConfigFile;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The one-line <c>scontrol show job</c> of a job, for checking what Slurm was asked for.</summary>
    public async Task<string> ShowJobAsync(string jobId) => (await RunAsync("scontrol", "show", "job", "-o", jobId)).Output;

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("SLURM_CONF", null);
        foreach (var daemon in Enumerable.Reverse(_daemons))
        {
            try
            {
                if (!daemon.HasExited)
                {
                    daemon.Kill(entireProcessTree: true);
                }

                await daemon.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                // Already gone, or stuck: nothing more to do in a test teardown.
            }

            daemon.Dispose();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder is not a test failure.
        }
    }

    private string Config(int controllerPort, int nodePort) => $"""
        ClusterName=ariadnetest
        SlurmctldHost=localhost(127.0.0.1)
        SlurmctldPort={controllerPort.ToString(CultureInfo.InvariantCulture)}
        SlurmdPort={nodePort.ToString(CultureInfo.InvariantCulture)}
        SlurmUser=root
        SlurmdUser=root
        AuthType=auth/munge
        CredType=cred/munge
        AuthInfo=socket={MungeSocket}
        StateSaveLocation={Path.Combine(Root, "state")}
        SlurmdSpoolDir={Path.Combine(Root, "spool")}
        SlurmctldPidFile={Path.Combine(Root, "slurmctld.pid")}
        SlurmdPidFile={Path.Combine(Root, "slurmd.pid")}
        SlurmctldLogFile={Log("slurmctld.log")}
        SlurmdLogFile={Log("slurmd.log")}
        ProctrackType=proctrack/linuxproc
        TaskPlugin=task/none
        JobAcctGatherType=jobacct_gather/none
        AccountingStorageType=accounting_storage/none
        JobCompType=jobcomp/filetxt
        JobCompLoc={Path.Combine(Root, "jobcomp.txt")}
        SchedulerType=sched/builtin
        SelectType=select/cons_tres
        SelectTypeParameters=CR_Core_Memory
        ReturnToService=2
        MpiDefault=none
        KillWait=2
        DefMemPerCPU=64
        GresTypes=gpu
        NodeName=localhost NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} RealMemory=1024 Gres=gpu:1 State=UNKNOWN
        PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP

        """;

    private string Log(string name) => Path.Combine(Root, "log", name);

    private void Start(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SLURM_CONF"] = ConfigFile;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add(process);
    }

    private async Task WaitAsync(Func<Task<bool>> ready, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await ready())
        {
            if (deadline.Elapsed > StartTimeout || (deadline.Elapsed > TimeSpan.FromSeconds(5) && _daemons.Any(d => d.HasExited)))
            {
                var logs = new StringBuilder();
                foreach (var log in Directory.EnumerateFiles(Path.Combine(Root, "log")))
                {
                    logs.Append("--- ").Append(Path.GetFileName(log)).Append('\n').Append(string.Join('\n', File.ReadLines(log).TakeLast(30))).Append('\n');
                }

                throw new InvalidOperationException($"The test Slurm cluster did not come up: waited {deadline.Elapsed.TotalSeconds:0} s for {what}. Logs:\n{logs}");
            }

            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SlurmClusterCollection : ICollectionFixture<SlurmClusterFixture>
{
    public const string Name = "Slurm cluster";
}
