using Ariadne.Content;

namespace Ariadne.Remotes;

/// <summary>An object as a store lists it: its name and how many bytes the store holds for it.</summary>
public readonly record struct StoredObject(ContentHash Hash, long Size);
