using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.UnitDirectory;

public sealed record UnitReplicaResponse(Guid Id, string Code, string Name, string? ShortName, string Kind, Guid? ParentId, bool IsActive, Guid? SuccessorId)
{
    public static UnitReplicaResponse From(UnitReplica u) => new(u.Id, u.Code, u.Name, u.ShortName, u.Kind, u.ParentId, u.IsActive, u.SuccessorId);
}

public static class UnitDirectorySetup
{
    /// <summary>Registers <see cref="UnitScope{TContext}"/> for the service's handlers.</summary>
    public static IServiceCollection AddUnitScope<TContext>(this IServiceCollection services) where TContext : DbContext =>
        services.AddScoped<UnitScope<TContext>>();

    /// <summary>Consumes the units events into this service's replica, on the queue <c>{service}-unit-directory</c>.</summary>
    public static IBusRegistrationConfigurator AddUnitDirectory<TContext>(this IBusRegistrationConfigurator bus, string serviceName)
        where TContext : DbContext
    {
        bus.AddConsumer<UnitDirectoryConsumer<TContext>>()
            .Endpoint(e => e.Name = $"{serviceName}-unit-directory");
        return bus;
    }

    /// <summary>
    /// <c>GET {prefix}/units/{id}</c>: the unit as this service knows it. Operators use it to see that
    /// a service's replica has caught up.
    /// </summary>
    public static IEndpointRouteBuilder MapUnitDirectoryApi<TContext>(this IEndpointRouteBuilder app, string prefix)
        where TContext : DbContext
    {
        app.MapGet($"{prefix}/units/{{id:guid}}", async Task<Results<Ok<UnitReplicaResponse>, ProblemHttpResult>> (
            Guid id, TContext db, UnitScope<TContext> scope, CancellationToken ct) =>
        {
            var visible = await scope.CoversAsync(id, ct) || (await scope.OwnLineAsync(ct)).Contains(id);
            var unit = visible ? await db.Set<UnitReplica>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) : null;
            return unit is null
                ? Problems.NotFound($"Dịch vụ này chưa biết đơn vị {id}.", $"This service does not know unit {id}.")
                : TypedResults.Ok(UnitReplicaResponse.From(unit));
        }).WithTags("Unit directory");
        return app;
    }
}
