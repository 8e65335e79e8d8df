using System.Text.Json;
using Ariadne.Workspace;

namespace Ariadne.Cli;

/// <summary>The <c>source</c> object of an imported path in --json output (null when the path was not imported): repo, rev, commit, path.</summary>
internal static class SourceJson
{
    public static void WriteSource(this Utf8JsonWriter writer, string name, ImportSource? source)
    {
        if (source is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("repo", source.Repo);
        if (source.Rev is null)
        {
            writer.WriteNull("rev");
        }
        else
        {
            writer.WriteString("rev", source.Rev);
        }

        writer.WriteString("commit", source.Commit);
        writer.WriteString("path", source.Path);
        writer.WriteEndObject();
    }
}
