namespace Platform.Identity.Tests;

/// <summary>One Development host with demo accounts and the demo unit replicas, shared by the tests of the collection.</summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public IdentityHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await IdentityHost.StartAsync();
        await Host.SeedUnitReplicasAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class IdentityCollection : ICollectionFixture<IdentityFixture>
{
    public const string Name = "identity";
}
