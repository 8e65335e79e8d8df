using Ariadne.Content;
using Ariadne.Pipelines;
using Ariadne.Workspace;

namespace Ariadne.Tests.Pipelines;

public sealed class LockFileTests
{
    [Fact]
    public void Lock_file_reads_back_what_it_wrote_including_awkward_text()
    {
        var hash = ContentHasher.HashBytes("x"u8);
        var lockFile = new LockFile();
        lockFile.Set("train@a b", new StageLock(
            ["python train.py --name \"x: y\" # not a comment", "echo 'tab\there'"],
            "src/sub",
            new Dictionary<string, string> { ["A"] = "1: {b}", ["EMPTY"] = "" },
            [new LockedPath("data/raw dir", PointerKind.Folder, hash, 12, 3)],
            [new LockedParam("params.yaml", "train.lr", "0.01"), new LockedParam("conf/x.yaml", "a.b", "{c: [1, 2]}")],
            [new LockedPath("model.bin", PointerKind.File, hash, 1, 1)]));
        lockFile.Set("prepare", new StageLock(["true"], "", new Dictionary<string, string>(), [], [], []));

        var text = lockFile.Serialize();
        var read = LockFile.Parse(text, "ariadne.lock");

        Assert.Equal(["prepare", "train@a b"], read.Stages.Keys);
        var train = read.Stages["train@a b"];
        Assert.Equal(lockFile.Stages["train@a b"].Commands, train.Commands);
        Assert.Equal("src/sub", train.WorkingDirectory);
        Assert.Equal("1: {b}", train.Environment["A"]);
        Assert.Equal("", train.Environment["EMPTY"]);
        Assert.Equal(lockFile.Stages["train@a b"].Deps, train.Deps);
        Assert.Equal(lockFile.Stages["train@a b"].Outs, train.Outs);
        Assert.Equal(lockFile.Stages["train@a b"].Params.OrderBy(p => p.File, StringComparer.Ordinal), train.Params);
        Assert.Equal(text, read.Serialize());
    }

    [Fact]
    public void Malformed_lock_file_is_refused_with_its_line()
    {
        var e = Assert.Throws<AriadneException>(() => LockFile.Parse("format: 1\nstages:\n  a:\n    deps:\n      - path: x\n        blake3: nothex\n        kind: file\n        size: 1\n        files: 1\n", "ariadne.lock"));
        Assert.Contains("ariadne.lock:5: the lock file is malformed: 'nothex' is not a BLAKE3 hash", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_lock_format_is_refused()
    {
        var e = Assert.Throws<AriadneException>(() => LockFile.Parse("format: 2\nstages: {}\n", "ariadne.lock"));
        Assert.Contains("upgrade Ariadne", e.Message, StringComparison.Ordinal);
    }
}
