using System.Diagnostics;
using Ariadne.RunContext;
using Xunit.Abstractions;

namespace Ariadne.Tests.RunContext;

public sealed class GitCaptureTests(ITestOutputHelper output) : IDisposable
{
    private readonly GitRepo _repo = new();

    [Fact]
    public void Capture_in_a_dirty_repository_records_commit_branch_remote_without_credentials_and_the_diff()
    {
        // Given a committed repository with a remote whose URL holds a token, then an edit and a new file
        _repo.Write("train.cs", "var lr = 0.1;\n");
        _repo.Write("src/model.cs", "class Model {}\n");
        _repo.Commit("first");
        _repo.Git("remote add origin https://alice:ghp_s3cr3t@example.com/lab/model.git");
        _repo.Write("train.cs", "var lr = 0.01;\n");
        _repo.Write("notes.txt", "untracked\n");
        var commit = _repo.Git("rev-parse HEAD").Trim();

        // When the environment is captured from a subfolder
        var watch = Stopwatch.StartNew();
        var environment = RunEnvironment.Capture(Path.Combine(_repo.Root, "src"));
        output.WriteLine($"Capture in a dirty repository took {watch.ElapsedMilliseconds} ms");

        // Then the git state describes the repository, not the subfolder
        var git = Assert.IsType<GitState>(environment.Git);
        Assert.Equal(commit, git.Commit);
        Assert.Equal("main", git.Branch);
        Assert.False(git.IsDetached);
        Assert.Equal("origin", git.RemoteName);
        Assert.Equal("https://example.com/lab/model.git", git.RemoteUrl);
        Assert.Equal(Path.GetFullPath(_repo.Root), git.Root);
        Assert.True(git.IsDirty);
        Assert.Contains("-var lr = 0.1;", git.Diff, StringComparison.Ordinal);
        Assert.Contains("+var lr = 0.01;", git.Diff, StringComparison.Ordinal);
        Assert.Contains("a/train.cs", git.Diff, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], git.UntrackedFiles);
        Assert.Equal(1, git.UntrackedCount);
        Assert.Equal(git.Diff, environment.GitDiff);
        Assert.DoesNotContain("ghp_s3cr3t", environment.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain(environment.ToTags(), t => t.Value.Contains("ghp_s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void Diff_applies_to_the_commit_and_reproduces_the_working_tree()
    {
        _repo.Write("a.txt", "one\ntwo\n");
        _repo.Commit("first");
        _repo.Write("a.txt", "one\n2\n");
        _repo.Git("add a.txt");
        _repo.Write("a.txt", "1\n2\n");

        var diff = RunEnvironment.Capture(_repo.Root).GitDiff!;

        _repo.Git("checkout -q -- .");
        _repo.Git("reset -q --hard");
        var patch = _repo.Write("../run.diff", diff);
        _repo.Git($"apply \"{patch}\"");
        Assert.Equal("1\n2\n", File.ReadAllText(Path.Combine(_repo.Root, "a.txt")));
    }

    [Fact]
    public void Clean_repository_is_not_dirty_and_has_no_diff_artifact()
    {
        _repo.Write("a.txt", "a");
        _repo.Commit("first");

        var environment = RunEnvironment.Capture(_repo.Root);

        Assert.False(environment.Git!.IsDirty);
        Assert.Equal("", environment.Git.Diff);
        Assert.Null(environment.GitDiff);
        Assert.Null(environment.Git.RemoteUrl);
        Assert.Contains(environment.ToTags(), t => t is { Key: "ariadne.git.dirty", Value: "false" });
    }

    [Fact]
    public void Untracked_files_alone_do_not_make_the_tree_dirty()
    {
        _repo.Write("a.txt", "a");
        _repo.Commit("first");
        _repo.Write("data/new.csv", "x");

        var git = RunEnvironment.Capture(_repo.Root).Git!;

        Assert.False(git.IsDirty);
        Assert.Equal(["data/"], git.UntrackedFiles);
    }

    [Fact]
    public void Detached_head_has_no_branch_and_is_tagged_as_detached()
    {
        _repo.Write("a.txt", "a");
        _repo.Commit("first");
        _repo.Write("a.txt", "b");
        _repo.Commit("second");
        _repo.Git("checkout -q --detach HEAD~1");

        var environment = RunEnvironment.Capture(_repo.Root);

        Assert.True(environment.Git!.IsDetached);
        Assert.Null(environment.Git.Branch);
        Assert.Equal(_repo.Git("rev-parse HEAD").Trim(), environment.Git.Commit);
        Assert.Contains(environment.ToTags(), t => t is { Key: "ariadne.git.branch", Value: "(detached HEAD)" });
        Assert.DoesNotContain(environment.ToTags(), t => t.Key == "mlflow.source.git.branch");
    }

    [Fact]
    public void Origin_wins_over_other_remotes_and_ssh_user_names_stay()
    {
        _repo.Git("remote add backup https://mirror.example.com/x.git");
        _repo.Git("remote add origin git@github.com:lab/model.git");

        var git = RunEnvironment.Capture(_repo.Root).Git!;

        Assert.Equal("origin", git.RemoteName);
        Assert.Equal("git@github.com:lab/model.git", git.RemoteUrl);
    }

    [Fact]
    public void Repository_without_commits_has_no_commit_but_a_branch()
    {
        _repo.Write("a.txt", "a");

        var git = RunEnvironment.Capture(_repo.Root).Git!;

        Assert.Null(git.Commit);
        Assert.Equal("main", git.Branch);
        Assert.False(git.IsDirty);
        Assert.Equal(["a.txt"], git.UntrackedFiles);
    }

    [Fact]
    public void Outside_a_repository_git_is_null_and_nothing_throws()
    {
        var environment = RunEnvironment.Capture(_repo.Outside);

        Assert.Null(environment.Git);
        Assert.Null(environment.GitDiff);
        Assert.DoesNotContain(environment.ToTags(), t => t.Key.StartsWith("ariadne.git.", StringComparison.Ordinal));
        Assert.Contains("\"git\": null", environment.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_working_folder_gives_no_git_state_and_no_exception()
    {
        var environment = RunEnvironment.Capture(Path.Combine(_repo.Outside, "no-such-folder"));

        Assert.Null(environment.Git);
    }

    [Theory]
    [InlineData("https://user:token@github.com/lab/m.git", "https://github.com/lab/m.git")]
    [InlineData("https://ghp_abc@github.com/lab/m.git", "https://github.com/lab/m.git")]
    [InlineData("http://u:p@host:8080/r?x=1", "http://host:8080/r?x=1")]
    [InlineData("ssh://git:pw@host/r.git", "ssh://git@host/r.git")]
    [InlineData("ssh://git@host/r.git", "ssh://git@host/r.git")]
    [InlineData("git@github.com:lab/m.git", "git@github.com:lab/m.git")]
    [InlineData("https://github.com/lab/m@v1.git", "https://github.com/lab/m@v1.git")]
    [InlineData("/srv/git/m.git", "/srv/git/m.git")]
    [InlineData("file:///srv/git/m.git", "file:///srv/git/m.git")]
    public void Remote_urls_lose_their_credentials(string url, string expected) =>
        Assert.Equal(expected, GitProbe.StripCredentials(url));

    public void Dispose() => _repo.Dispose();
}
