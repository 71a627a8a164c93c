using Microsoft.EntityFrameworkCore;

namespace Platform.Identity.Infrastructure;

/// <summary>Which units an administrator manages: their own unit and everything under it in the unit replica (<c>unit_replicas</c>).</summary>
public static class UnitScope
{
    public static async Task<HashSet<Guid>> SubtreeAsync(this IdentityDbContext db, Guid root, CancellationToken cancellationToken)
    {
        var ids = await db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE subtree(id) AS (
                SELECT id FROM unit_replicas WHERE id = {root}
                UNION
                SELECT u.id FROM unit_replicas u JOIN subtree s ON u.parent_id = s.id
            )
            SELECT id AS "Value" FROM subtree
            """).ToListAsync(cancellationToken);
        // The admin's own unit is in scope even before the replica has heard of it.
        return [root, .. ids];
    }
}
