namespace Ariadne.Tracking;

/// <summary>Which lifecycle stages a listing or search returns.</summary>
public enum ViewType
{
    /// <summary>Only active experiments or runs.</summary>
    ActiveOnly,
    /// <summary>Only deleted ones.</summary>
    DeletedOnly,
    /// <summary>Both.</summary>
    All,
}
