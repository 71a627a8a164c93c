using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Platform.Messaging;

/// <summary>
/// Traces of the platform's polls and scheduled scans (outbox relay, follow-up scan, SLA scan, …), shaped for
/// operators watching the dashboard: a poll or scan that finds nothing leaves no trace at all; one that does work
/// is one trace named after it, with the database spans of that work inside.
/// <para>
/// A scan runs under a root activity of <see cref="SourceName"/> that starts <em>unrecorded</em> (its
/// <see cref="ActivityTraceFlags.Recorded"/> flag cleared, so OpenTelemetry's exporters skip it). While it is
/// unrecorded the scan is only looking, and the platform's Npgsql data sources (<see cref="PlatformDatabase"/>)
/// trace none of its commands. When the scan finds work it calls <see cref="FoundWork"/>: from then on the activity
/// is recorded and exported, and the commands doing the work are traced inside it. The query that found the work
/// ran while the scan was still looking, so it is not among the spans; the activity's
/// <c>platform.scan.items</c> tag says how much it found.
/// </para>
/// </summary>
public static class ScanTrace
{
    /// <summary>ActivitySource of scan and poll traces (matched by the service defaults' <c>Platform.*</c>).</summary>
    public const string SourceName = "Platform.Scans";

    public static readonly ActivitySource Source = new(SourceName);

    private const string LookingProperty = "platform.scan.looking";
    private const string ItemsTag = "platform.scan.items";

    /// <summary>
    /// Starts the root activity of one poll or scan named <paramref name="name"/>; dispose the result when the
    /// scan ends. The activity is a new trace whatever activity the caller was in, and it stays unexported
    /// unless <see cref="FoundWork"/> is called within it.
    /// </summary>
    public static Scope Start(string name)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            activity.SetCustomProperty(LookingProperty, true);
        }
        return new Scope(activity, previous);
    }

    /// <summary>
    /// Tells the scan the caller is in that it found work (<paramref name="items"/> rows, notices, …): its trace
    /// is recorded, and the database commands from here on are traced inside it. Outside a scan, does nothing.
    /// Call it before queuing the work's integration events: an outbox row stores the current trace context, and one
    /// stored while the scan was still looking is unsampled, so its message flow downstream would not be traced.
    /// </summary>
    public static void FoundWork(int items = 1)
    {
        if (Find(Activity.Current) is { } scan)
        {
            MarkWorking(scan, items);
        }
    }

    /// <summary>True when the current activity is a scan still looking for work (or inside one).</summary>
    public static bool IsLooking(Activity? activity) => Find(activity) is { } scan && scan.GetCustomProperty(LookingProperty) is true;

    private static Activity? Find(Activity? activity)
    {
        for (var a = activity; a is not null; a = a.Parent)
        {
            if (a.GetCustomProperty(LookingProperty) is bool)
            {
                return a;
            }
        }
        return null;
    }

    private static void MarkWorking(Activity scan, int items)
    {
        if (scan.GetCustomProperty(LookingProperty) is true)
        {
            scan.SetCustomProperty(LookingProperty, false);
            // Only a scan the sampler chose (IsAllDataRequested) is recorded; one it dropped stays dropped.
            if (scan.IsAllDataRequested)
            {
                scan.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            }
        }
        var before = scan.GetTagItem(ItemsTag) is int n ? n : 0;
        scan.SetTag(ItemsTag, before + items);
    }

    /// <summary>One poll or scan in progress. Dispose it to end the activity and restore the caller's.</summary>
    public readonly struct Scope(Activity? activity, Activity? previous) : IDisposable
    {
        /// <summary>The scan's activity; null when nobody listens.</summary>
        public Activity? Activity => activity;

        /// <summary>Marks this scan as having found work; see <see cref="ScanTrace.FoundWork"/>.</summary>
        public void FoundWork(int items = 1)
        {
            if (activity is not null)
            {
                MarkWorking(activity, items);
            }
        }

        public void Dispose()
        {
            activity?.Dispose();
            Activity.Current = previous;
        }
    }
}

/// <summary>
/// The platform's Npgsql data sources, with tracing fitted to the dashboard: a command is traced only inside a
/// recorded unit of work (a request, a consumed message, a scan that found work — <see cref="ScanTrace"/>), never
/// as a root span of its own, and physical connection opens (pool growth, mostly under idle polls) are not traced.
/// </summary>
public static class PlatformDatabase
{
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    /// <summary>The data-source configuration the service's DbContext uses (<c>ConfigureDataSource</c>); one instance, so EF shares its data source.</summary>
    public static readonly Action<NpgsqlDataSourceBuilder> ConfigureDataSource = builder => builder.ConfigureTracing(ConfigureTracing);

    /// <summary>Whether a database command issued now belongs in a trace.</summary>
    public static bool ShouldTrace() => Activity.Current is { Recorded: true } current && !ScanTrace.IsLooking(current);

    public static void ConfigureTracing(NpgsqlTracingOptionsBuilder tracing) => tracing
        .ConfigureCommandFilter(_ => ShouldTrace())
        .ConfigureBatchFilter(_ => ShouldTrace())
        .ConfigureCopyOperationFilter(_ => ShouldTrace())
        .EnablePhysicalOpenTracing(false);

    /// <summary>A data source with the platform's tracing for code that opens its own connections (one per connection string).</summary>
    public static NpgsqlDataSource DataSource(string connectionString) =>
        DataSources.GetOrAdd(connectionString, static cs => new NpgsqlDataSourceBuilder(cs).ConfigureTracing(ConfigureTracing).Build());
}
