using System.Diagnostics;
using Ariadne.Workspace;

namespace Ariadne.Tests.Support;

/// <summary>A temporary folder that is a git repository with an Ariadne workspace in it.</summary>
internal sealed class TestWorkspace : IDisposable
{
    private readonly TempFolder _temp = new();

    public TestWorkspace(bool git = true)
    {
        Root = _temp.Combine("ws");
        Directory.CreateDirectory(Root);
        if (git)
        {
            Git("init -q");
            Git("config user.email test@example.invalid");
            Git("config user.name Test");
        }

        DataWorkspace.Init(Root);
    }

    public string Root { get; }

    /// <summary>A sibling folder outside the workspace (for remotes).</summary>
    public string Outside(string name) => _temp.Combine(name);

    public DataWorkspace Open() => DataWorkspace.Open(Root);

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        if (File.Exists(full))
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Delete(full);
        }

        File.WriteAllText(full, content);
        return full;
    }

    public string Read(string relative) => File.ReadAllText(Path(relative));

    public CliRunner.Result Cli(params string[] args) => CliRunner.Run(Root, args);

    public CliRunner.Result CliOk(params string[] args)
    {
        var result = CliRunner.Run(Root, args);
        Assert.True(result.ExitCode == 0, $"ariadne {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}{result.Out}");
        return result;
    }

    public string Git(string arguments)
    {
        var info = new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {arguments} failed: {error}");
        return output;
    }

    public void Commit(string message)
    {
        Git("add -A");
        Git($"commit -q -m \"{message}\"");
    }

    /// <summary>Makes every object in the cache readable and checks it still hashes to its name.</summary>
    public void AssertCacheIntact()
    {
        var workspace = Open();
        foreach (var hash in workspace.Cache.EnumerateObjects())
        {
            Assert.True(workspace.Cache.Verify(hash, out var actual), $"cache object {hash} hashes to {actual}");
        }
    }

    public void Dispose() => _temp.Dispose();
}
