namespace Platform.Bench;

/// <summary>The figures both benchmarks of this program print.</summary>
internal static class BenchStats
{
    /// <summary>The nearest-rank percentile (the smallest value with at least <paramref name="percentile"/>% at or below it); NaN when empty.</summary>
    public static double Percentile(IEnumerable<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The machine's 1, 5 and 15 minute load averages, printed beside every figure.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
