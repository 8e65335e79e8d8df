using System.Diagnostics;
using Ariadne.Content;
using Ariadne.Tests.Support;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

/// <summary>kill -9 in the middle of a command leaves nothing corrupt, and running the command again completes it.</summary>
public sealed class InterruptionTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    private void MakeData(int files, int size)
    {
        var random = new Random(42);
        var bytes = new byte[size];
        for (var i = 0; i < files; i++)
        {
            random.NextBytes(bytes);
            var path = _ws.Path($"d/{i % 10}/f{i}.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    /// <summary>Starts the tool and kills it (SIGKILL) once <paramref name="started"/> says it is busy; fails when the kill did not land.</summary>
    private static void KillMidway(string cwd, Func<bool> started, params string[] args) =>
        Interrupt.KillWhen(CliRunner.ProcessStart(cwd, args), started);

    private int CacheObjects() => _ws.Open().Cache.EnumerateObjects().Count();

    [Fact]
    public void Kill_during_add_leaves_no_corrupt_object_and_add_again_completes()
    {
        MakeData(3000, 4096);

        KillMidway(_ws.Root, () => CacheObjects() > 200, "add", "d");

        _ws.AssertCacheIntact();
        Assert.False(File.Exists(_ws.Path("d.ari")) && CacheObjects() < 3001);
        var again = CliRunner.RunProcess(_ws.Root, "add", "d");
        Assert.Equal(0, again.ExitCode);
        _ws.AssertCacheIntact();
        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().IsClean);
        Assert.Empty(Directory.EnumerateFiles(_ws.Path(".ariadne/tmp")));
    }

    [Fact]
    public void Kill_during_push_leaves_no_partial_object_on_the_remote_and_push_again_completes()
    {
        MakeData(400, 256 * 1024);
        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
        var remote = _ws.Outside("remote");
        _ws.CliOk("remote", "add", "r", remote, "--default");
        int RemoteObjects() => Directory.Exists(remote) ? Directory.EnumerateFiles(remote, "*", SearchOption.AllDirectories).Count() : 0;

        KillMidway(_ws.Root, () => RemoteObjects() > 40, "push", "--jobs", "4");

        foreach (var file in Directory.EnumerateFiles(remote, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(file)) + Path.GetFileName(file);
            Assert.Equal(name, ContentHasher.HashFile(file).Hex);
        }

        Assert.Equal(0, CliRunner.RunProcess(_ws.Root, "push").ExitCode);
        Assert.Equal(0, CliRunner.RunProcess(_ws.Root, "verify", "--remote", "r").ExitCode);
    }

    [Fact]
    public void Kill_during_pull_leaves_the_cache_intact_and_pull_again_completes()
    {
        MakeData(400, 256 * 1024);
        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
        _ws.CliOk("remote", "add", "r", _ws.Outside("remote"), "--default");
        _ws.CliOk("push");
        var workspace = _ws.Open();
        foreach (var hash in workspace.Cache.EnumerateObjects().ToList())
        {
            workspace.Cache.Remove(hash);
        }

        Directory.Delete(_ws.Path("d"), recursive: true);

        KillMidway(_ws.Root, () => CacheObjects() > 40, "pull", "--jobs", "4");

        _ws.AssertCacheIntact();
        Assert.Equal(0, CliRunner.RunProcess(_ws.Root, "pull").ExitCode);
        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().IsClean);
    }

    [Fact]
    public void Kill_during_checkout_leaves_whole_files_and_checkout_again_completes()
    {
        File.WriteAllText(_ws.Path(".ariadne/config.yaml"), "cache:\n  link: [copy]\n");
        MakeData(400, 256 * 1024);
        new DataTracker(_ws.Open()).Add([_ws.Path("d")]);
        Directory.Delete(_ws.Path("d"), recursive: true);
        int Restored() => Directory.Exists(_ws.Path("d")) ? Directory.EnumerateFiles(_ws.Path("d"), "*", SearchOption.AllDirectories).Count() : 0;

        KillMidway(_ws.Root, () => Restored() > 40, "checkout");

        var manifest = FolderManifest.Load(_ws.Open().Cache, PointerFile.Read(_ws.Path("d.ari")).Hash).Entries.ToDictionary(e => e.Path, e => e.Hash);
        foreach (var file in Directory.EnumerateFiles(_ws.Path("d"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_ws.Path("d"), file).Replace('\\', '/');
            Assert.Equal(manifest[relative], ContentHasher.HashFile(file));
        }

        Assert.Equal(0, CliRunner.RunProcess(_ws.Root, "checkout").ExitCode);
        Assert.True(new WorkspaceStatus(_ws.Open()).Check().Single().IsClean);
    }

    [Fact]
    public async Task Two_processes_adding_in_one_workspace_do_not_corrupt_each_other()
    {
        MakeData(1500, 2048);
        _ws.Write("e/x.txt", "other data");

        using var one = Process.Start(CliRunner.ProcessStart(_ws.Root, "add", "d"))!;
        using var two = Process.Start(CliRunner.ProcessStart(_ws.Root, "add", "e"))!;
        var errTwo = two.StandardError.ReadToEndAsync();
        await one.WaitForExitAsync();
        await two.WaitForExitAsync();
        var message = await errTwo;

        // Either the second waited for the lock and succeeded, or it said clearly that the workspace is busy.
        Assert.Equal(0, one.ExitCode);
        Assert.True(two.ExitCode == 0 || message.Contains("Another ariadne command", StringComparison.Ordinal), message);
        if (two.ExitCode != 0)
        {
            Assert.Equal(0, CliRunner.RunProcess(_ws.Root, "add", "e").ExitCode);
        }

        _ws.AssertCacheIntact();
        Assert.All(new WorkspaceStatus(_ws.Open()).Check(), s => Assert.True(s.IsClean));
    }

    public void Dispose() => _ws.Dispose();
}
