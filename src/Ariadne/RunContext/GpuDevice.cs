namespace Ariadne.RunContext;

/// <summary>One GPU as <c>nvidia-smi</c> reports it, in device index order.</summary>
/// <param name="Name">The product name, e.g. <c>NVIDIA H100 80GB HBM3</c>.</param>
/// <param name="MemoryBytes">Total device memory in bytes; null when nvidia-smi did not report a number.</param>
/// <param name="DriverVersion">The NVIDIA driver version.</param>
internal sealed record GpuDevice(string Name, long? MemoryBytes, string? DriverVersion);
