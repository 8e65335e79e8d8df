namespace Ariadne.Plots;

/// <summary>An image plot of one revision, embedded in the report as a data URI.</summary>
internal sealed record PlotImage(string Revision, string File, string DataUri);
