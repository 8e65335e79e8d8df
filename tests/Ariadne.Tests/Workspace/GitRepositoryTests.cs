using Ariadne.Tests.RunContext;
using Ariadne.Workspace;

namespace Ariadne.Tests.Workspace;

public sealed class GitRepositoryTests : IDisposable
{
    private readonly GitRepo _repo = new();

    [Fact]
    public void Paths_with_spaces_quotes_and_unicode_reach_git_as_one_argument()
    {
        const string path = "data/it's a \"quoted\" ünïcødé name.csv.ari";
        _repo.Write(path, "hash: 1\n");
        _repo.Commit("first");
        var git = new GitRepository(_repo.Root);

        var commit = git.CommitHolding(path);
        var text = git.FileAt("HEAD", path);
        var pointers = git.PointerFilesAt("HEAD");

        Assert.Equal(_repo.Git("rev-parse HEAD").Trim(), commit);
        Assert.Equal("hash: 1\n", text);
        Assert.Equal("hash: 1\n", pointers[path]);
        _repo.Write(path, "hash: 2\n");
        Assert.Null(git.CommitHolding(path)); // changed since the commit
    }

    [Fact]
    public void A_revision_that_looks_like_an_option_is_refused_and_a_missing_one_names_git()
    {
        _repo.Write("a.txt", "a");
        _repo.Commit("first");
        var git = new GitRepository(_repo.Root);

        var option = Assert.Throws<AriadneException>(() => git.PointerFilesAt("--output=/tmp/x"));
        var missing = Assert.Throws<AriadneException>(() => git.FileAt("no-such-branch", "a.txt"));

        Assert.Equal(ErrorCode.InvalidArgument, option.Code);
        Assert.Equal(ErrorCode.GitFailed, missing.Code);
        Assert.Contains("git rev-parse", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_and_commit_all_make_a_repository_with_the_given_author()
    {
        var folder = Path.Combine(_repo.Outside, "new");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "file.txt"), "x");
        var git = new GitRepository(folder);

        Assert.True(git.TryInit());
        Assert.True(git.TryCommitAll("First \"commit\" with 'quotes'", ("Quick Start", "quick@ariadne.invalid")));
        Assert.False(git.TryCommitAll("nothing changed", ("Quick Start", "quick@ariadne.invalid")));

        Assert.NotNull(git.CommitHolding("file.txt"));
        var probe = await git.TryReadAsync(TimeSpan.FromSeconds(30), int.MaxValue, ["log", "-1", "--format=%an <%ae> %s"]);
        Assert.Equal("Quick Start <quick@ariadne.invalid> First \"commit\" with 'quotes'\n", probe?.Text);
    }

    public void Dispose() => _repo.Dispose();
}
