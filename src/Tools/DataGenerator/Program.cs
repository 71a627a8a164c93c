using System.Diagnostics;
using System.Globalization;
using System.Text;
using Platform.Tools.DataGenerator;

return Cli.Run(args, Console.Out, Console.Error);

namespace Platform.Tools.DataGenerator
{
    /// <summary>Command line: <c>units --units N --seed S --out PATH [--prefix P] [--effective-from dd/MM/yyyy]</c>.</summary>
    public static class Cli
    {
        public const string Usage = """
            Usage: Platform.DataGenerator units [--units N] [--seed S] [--out PATH|-] [--prefix P] [--effective-from dd/MM/yyyy]
                   Platform.DataGenerator reform-plan --communes PATH --demo PATH [--out PATH|-]

              --units N            minimum number of units to generate (default 50000)
              --seed S             random seed; the same seed gives the same bytes (default 42)
              --out PATH           output CSV file, '-' for standard output (default '-')
              --prefix P           prepend P to every code, e.g. 'N-' to load beside the Hai Phong demo data
              --effective-from D   effective_from of every unit (default 01/07/2025)

            reform-plan: the 2025 reform as a restructuring plan for the Hai Phong demo data
              --communes PATH      the 114 new units (shared/domain/hai-phong-2025-communes.csv)
              --demo PATH          the 2024 demo organisation (src/Services/Units/Infrastructure/DemoData/hai-phong-2024.csv)
              --out PATH           the plan CSV, '-' for standard output (default '-')
            """;

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                stdout.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            if (args[0] == "reform-plan")
            {
                return ReformPlan(args, stdout, stderr);
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

        private static int ReformPlan(string[] args, TextWriter stdout, TextWriter stderr)
        {
            string? communes = null, demo = null;
            var output = "-";
            for (var i = 1; i < args.Length; i++)
            {
                if (i + 1 >= args.Length)
                {
                    stderr.WriteLine($"Option '{args[i]}' needs a value.");
                    return 2;
                }
                var value = args[++i];
                switch (args[i - 1])
                {
                    case "--communes": communes = value; break;
                    case "--demo": demo = value; break;
                    case "--out": output = value; break;
                    default:
                        stderr.WriteLine($"Bad option: {args[i - 1]}");
                        stderr.WriteLine(Usage);
                        return 2;
                }
            }
            if (communes is null || demo is null)
            {
                stderr.WriteLine("reform-plan needs --communes and --demo.");
                return 2;
            }
            try
            {
                using var communesReader = new StreamReader(communes, Encoding.UTF8);
                using var demoReader = new StreamReader(demo, Encoding.UTF8);
                var (lines, summary) = ReformPlanGenerator.Generate(communesReader, demoReader);
                var text = string.Join('\n', lines) + "\n";
                if (output == "-")
                {
                    stdout.Write(text);
                }
                else
                {
                    File.WriteAllText(output, text, UnitCsv.Utf8NoBom);
                }
                stderr.WriteLine($"Wrote {summary.Rows} plan rows: {summary.Communes} new units ({summary.HaiDuongCommunes} from Hai Duong, with generated schools), " +
                    $"{summary.SchoolsMoved} schools moved, {summary.SchoolsFellBack} of them by fallback ({summary.WardsFellBack} former wards not in the list: " +
                    $"{string.Join(' ', summary.FallbackWards)}).");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or KeyNotFoundException)
            {
                stderr.WriteLine(e.Message);
                return 2;
            }
        }
    }
}
