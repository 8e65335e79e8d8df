using System.Diagnostics;
using System.Text;

namespace Ariadne.Workspace;

/// <summary>The little Ariadne asks of git: pointer files as they were at a revision, and every revision.</summary>
internal sealed class GitRepository(string workingFolder)
{
    /// <summary>Pointer files at <paramref name="revision"/> under the working folder: workspace-relative path → text.</summary>
    public IReadOnlyDictionary<string, string> PointerFilesAt(string revision)
    {
        var listing = Run($"ls-tree -r -z --name-only {Quote(revision)} -- .");
        var paths = listing.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.EndsWith(PointerFile.Extension, StringComparison.Ordinal))
            .ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in paths.Zip(CatFiles(paths.Select(p => $"{revision}:./{p}"))))
        {
            result[path] = text;
        }

        return result;
    }

    /// <summary>The text of <paramref name="path"/> (relative to the working folder) at <paramref name="revision"/>, or null when it did not exist there.</summary>
    public string? FileAt(string revision, string path)
    {
        Run($"rev-parse --verify --quiet {Quote(revision)}^{{commit}}");
        try
        {
            return Run($"show {QuotePath(Quote(revision) + ":./" + path)}");
        }
        catch (AriadneException e) when (e.Code == ErrorCode.GitFailed)
        {
            return null;
        }
    }

    /// <summary>The distinct pointer-file contents in every commit reachable from any ref.</summary>
    public IReadOnlyCollection<(string Path, string Text)> PointerFilesInAllCommits()
    {
        var commits = Run("rev-list --all").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var commit in commits)
        {
            foreach (var line in Run($"ls-tree -r -z {commit} -- .").Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var path = line[(tab + 1)..];
                if (path.EndsWith(PointerFile.Extension, StringComparison.Ordinal))
                {
                    var blob = line.Split(' ')[2][..40];
                    blobs.TryAdd(blob, path);
                }
            }
        }

        var texts = CatFiles(blobs.Keys);
        return [.. blobs.Values.Zip(texts)];
    }

    /// <summary>The commit that holds <paramref name="path"/> as it is now, or null when git has no such commit or the file differs from it.</summary>
    public string? CommitHolding(string path)
    {
        try
        {
            if (Run($"status --porcelain -- {QuotePath(path)}").Trim().Length > 0)
            {
                return null;
            }

            var commit = Run($"log -1 --format=%H -- {QuotePath(path)}").Trim();
            return commit.Length == 40 ? commit : null;
        }
        catch (AriadneException)
        {
            return null;
        }
    }

    private static string QuotePath(string path) => "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private List<string> CatFiles(IEnumerable<string> objects)
    {
        var names = objects.ToList();
        if (names.Count == 0)
        {
            return [];
        }

        var info = Start("cat-file --batch");
        using var process = Process.Start(info)!;
        var writer = Task.Run(() =>
        {
            foreach (var name in names)
            {
                process.StandardInput.Write(name + "\n");
            }

            process.StandardInput.Close();
        });
        var output = process.StandardOutput.BaseStream;
        var results = new List<string>(names.Count);
        foreach (var name in names)
        {
            var header = ReadLine(output);
            var parts = header.Split(' ');
            if (parts.Length < 3 || parts[1] != "blob")
            {
                throw AriadneException.GitFailed($"cat-file {name}", header);
            }

            var size = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            var buffer = new byte[size];
            output.ReadExactly(buffer);
            output.ReadByte();
            results.Add(Encoding.UTF8.GetString(buffer));
        }

        writer.Wait();
        process.WaitForExit();
        return results;
    }

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != '\n')
        {
            bytes.Add((byte)b);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private string Run(string arguments)
    {
        using var process = Process.Start(Start(arguments))
            ?? throw AriadneException.GitFailed(arguments, "git could not be started; is it installed?");
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw AriadneException.GitFailed(arguments, errors.Result);
    }

    private ProcessStartInfo Start(string arguments)
    {
        var info = new ProcessStartInfo("git", "-c core.quotepath=off " + arguments)
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        return info;
    }

    private static string Quote(string revision) =>
        revision.StartsWith('-') || revision.Any(char.IsWhiteSpace)
            ? throw AriadneException.InvalidArgument($"'{revision}' is not a git revision.")
            : revision;
}
