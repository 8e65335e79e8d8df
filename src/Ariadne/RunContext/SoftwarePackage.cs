namespace Ariadne.RunContext;

/// <summary>A named, versioned piece of software a run used: a NuGet package or a loaded assembly.</summary>
internal readonly record struct SoftwarePackage(string Name, string Version);
