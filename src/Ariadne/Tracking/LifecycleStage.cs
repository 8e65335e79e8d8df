namespace Ariadne.Tracking;

/// <summary>Deleted experiments and runs stay in the store until purged and can be restored.</summary>
public enum LifecycleStage
{
    Active,
    Deleted,
}
