using System.Text.Json;
using Ariadne.RunContext;

namespace Ariadne.Cli.Commands.Env;

/// <summary>Environment differences as text and JSON, the same for <c>env diff</c> and <c>reproduce</c>.</summary>
internal static class EnvironmentJson
{
    public static void WriteDifferences(Utf8JsonWriter w, string name, IReadOnlyList<EnvironmentDifference> differences)
    {
        w.WriteStartArray(name);
        foreach (var difference in differences)
        {
            w.WriteStartObject();
            w.WriteString("area", difference.Area);
            w.WriteString("name", difference.Name);
            w.WriteString("recorded", difference.Left);
            w.WriteString("other", difference.Right);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteDifferences(TextWriter output, string leftName, string rightName, IReadOnlyList<EnvironmentDifference> differences)
    {
        if (differences.Count == 0)
        {
            output.WriteLine($"The environment of {leftName} and {rightName} is the same in every recorded part.");
            return;
        }

        output.WriteLine($"{differences.Count} difference(s) between {leftName} (left) and {rightName} (right):");
        var width = differences.Max(d => d.Area.Length + 1 + d.Name.Length);
        foreach (var difference in differences)
        {
            output.WriteLine($"  {(difference.Area + " " + difference.Name).PadRight(width)}  {difference.Left ?? "(absent)"} -> {difference.Right ?? "(absent)"}");
        }
    }
}
