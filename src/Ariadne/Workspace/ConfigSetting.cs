namespace Ariadne.Workspace;

/// <summary>One setting as <c>ariadne config --list</c> shows it: its dotted key (<c>cache.jobs</c>, <c>remotes.s3.url</c>) and value.</summary>
internal sealed record ConfigSetting(string Key, string Value);
