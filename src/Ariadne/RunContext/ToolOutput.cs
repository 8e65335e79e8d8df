namespace Ariadne.RunContext;

/// <summary>What a tool printed on standard output; <see cref="Truncated"/> when it printed more than was kept.</summary>
internal readonly record struct ToolOutput(string Text, bool Truncated);
