using System.Diagnostics;
using System.Globalization;
using Platform.Tools.DataGenerator;

return Cli.Run(args, Console.Out, Console.Error);

namespace Platform.Tools.DataGenerator
{
    /// <summary>Command line: <c>units --units N --seed S --out PATH [--prefix P] [--effective-from dd/MM/yyyy]</c>.</summary>
    public static class Cli
    {
        public const string Usage = """
            Usage: Platform.DataGenerator units [--units N] [--seed S] [--out PATH|-] [--prefix P] [--effective-from dd/MM/yyyy]

              --units N            minimum number of units to generate (default 50000)
              --seed S             random seed; the same seed gives the same bytes (default 42)
              --out PATH           output CSV file, '-' for standard output (default '-')
              --prefix P           prepend P to every code, e.g. 'N-' to load beside the Hai Phong demo data
              --effective-from D   effective_from of every unit (default 01/07/2025)
            """;

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                stdout.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            if (args[0] != "units")
            {
                stderr.WriteLine($"Unknown command '{args[0]}'.");
                stderr.WriteLine(Usage);
                return 2;
            }

            var units = 50_000;
            var seed = 42;
            var output = "-";
            var prefix = "";
            var effectiveFrom = NationalUnitsGenerator.DefaultEffectiveFrom;
            for (var i = 1; i < args.Length; i++)
            {
                var option = args[i];
                if (option is "-h" or "--help")
                {
                    stdout.WriteLine(Usage);
                    return 0;
                }
                if (i + 1 >= args.Length)
                {
                    stderr.WriteLine($"Option '{option}' needs a value.");
                    return 2;
                }
                var value = args[++i];
                switch (option)
                {
                    case "--units" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                        units = n;
                        break;
                    case "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s):
                        seed = s;
                        break;
                    case "--out":
                        output = value;
                        break;
                    case "--prefix":
                        prefix = value;
                        break;
                    case "--effective-from":
                        effectiveFrom = value;
                        break;
                    default:
                        stderr.WriteLine($"Bad option or value: {option} {value}");
                        stderr.WriteLine(Usage);
                        return 2;
                }
            }

            try
            {
                var options = new GeneratorOptions(units, seed, prefix, effectiveFrom);
                var watch = Stopwatch.StartNew();
                int written;
                if (output == "-")
                {
                    using var writer = new StreamWriter(Console.OpenStandardOutput(), UnitCsv.Utf8NoBom, 1 << 16);
                    written = UnitCsv.Write(writer, NationalUnitsGenerator.Generate(options));
                }
                else
                {
                    var directory = Path.GetDirectoryName(Path.GetFullPath(output));
                    if (directory is not null) Directory.CreateDirectory(directory);
                    using var writer = new StreamWriter(output, append: false, UnitCsv.Utf8NoBom, 1 << 16);
                    written = UnitCsv.Write(writer, NationalUnitsGenerator.Generate(options));
                }
                stderr.WriteLine(
                    $"Wrote {written} units (seed {seed}) to {(output == "-" ? "standard output" : output)} in {watch.ElapsedMilliseconds} ms.");
                return 0;
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine(e.Message);
                return 2;
            }
        }
    }
}
