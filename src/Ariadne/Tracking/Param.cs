namespace Ariadne.Tracking;

/// <summary>A run parameter. Immutable once logged: logging the same key with the same value again is fine, another value is an error.</summary>
public readonly record struct Param(string Key, string Value);
