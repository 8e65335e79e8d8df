namespace Ariadne.Tracking;

/// <summary>A mutable key/value label on a run. Keys starting with <c>ariadne.</c> are written by Ariadne itself.</summary>
public readonly record struct RunTag(string Key, string Value);
