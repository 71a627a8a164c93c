namespace Platform.Tools.Tests;

internal static class RepoPaths
{
    /// <summary>The folder holding Platform.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    public static string DemoCsv => Path.Combine(Root, "src", "Services", "Units", "Infrastructure", "DemoData", "hai-phong-2024.csv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
