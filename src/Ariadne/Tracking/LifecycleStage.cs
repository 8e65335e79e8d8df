namespace Ariadne.Tracking;

/// <summary>Deleted experiments and runs stay in the store until purged and can be restored.</summary>
public enum LifecycleStage
{
    /// <summary>Visible in default listings.</summary>
    Active,
    /// <summary>Soft-deleted: hidden from default listings, can be restored.</summary>
    Deleted,
}
