using System.Diagnostics;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.RunContext;

/// <summary>A fresh git repository in a temp folder, for environment-capture tests.</summary>
internal sealed class GitRepo : IDisposable
{
    private readonly TempFolder _temp = new();

    public GitRepo()
    {
        Root = _temp.Combine("repo");
        Directory.CreateDirectory(Root);
        Git("init -q -b main");
        Git("config user.email test@example.invalid");
        Git("config user.name Test");
        Git("config commit.gpgsign false");
    }

    public string Root { get; }

    /// <summary>A folder beside the repository, outside any git repository.</summary>
    public string Outside
    {
        get
        {
            var folder = _temp.Combine("outside");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public string Write(string relative, string content)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Commit(string message)
    {
        Git("add -A");
        Git($"commit -q -m \"{message}\"");
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
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {arguments} failed: {error.Result}");
        return output;
    }

    public void Dispose() => _temp.Dispose();
}
