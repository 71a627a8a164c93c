using Platform.UnitDirectory;

namespace Platform.Identity.Infrastructure;

/// <summary>Which units an administrator manages: their own unit and everything under it in the unit replica (<c>unit_replicas</c>).</summary>
public static class UnitScope
{
    public static async Task<HashSet<Guid>> SubtreeAsync(this IdentityDbContext db, Guid root, CancellationToken cancellationToken)
    {
        var ids = await db.ReplicaSubtreeAsync(root, cancellationToken);
        // The admin's own unit is in scope even before the replica has heard of it.
        return [root, .. ids];
    }
}
