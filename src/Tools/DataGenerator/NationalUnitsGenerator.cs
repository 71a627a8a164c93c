using System.Globalization;

namespace Platform.Tools.DataGenerator;

/// <summary>Options for <see cref="NationalUnitsGenerator"/>.</summary>
/// <param name="Units">Minimum number of units to produce (the result may be slightly larger).</param>
/// <param name="Seed">Same seed, same output, byte for byte.</param>
/// <param name="CodePrefix">Prepended to every code and parent code, so the data can sit beside the demo data.</param>
/// <param name="EffectiveFrom">dd/MM/yyyy; defaults to the start of the two-level local government.</param>
public sealed record GeneratorOptions(
    int Units,
    int Seed,
    string CodePrefix = "",
    string EffectiveFrom = NationalUnitsGenerator.DefaultEffectiveFrom);

/// <summary>
/// National-scale synthetic units after the 2025 reform: the Ministry; for each of the 34 provinces its Department
/// (divisions, upper-secondary and boarding schools, continuing-education centres, affiliated units) and provincial
/// police; then communes/wards, each with its People's Committee (reporting to the Department), its police (under the
/// provincial police) and its preschools, primary and lower-secondary schools (under the People's Committee).
/// Parents always come before their children.
/// </summary>
public static class NationalUnitsGenerator
{
    public const string DefaultEffectiveFrom = "01/07/2025";
    public const string MinistryCode = "BGDDT";
    public const int MaxCodePrefixLength = 8;

    // Average rows per commune block (People's Committee + police + 4.5 MN + 4 TH + 3 THCS) plus the
    // province-level units that scale with communes (≈0.7 THPT and ≈0.08 GDTX centres per commune).
    private const double RowsPerCommune = 14.3;
    private const int FixedRowsPerProvince = 13;

    public static IEnumerable<UnitRow> Generate(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Units < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "units must be at least 1.");
        if (options.CodePrefix.Length > MaxCodePrefixLength
            || (options.CodePrefix.Length > 0 && !char.IsAsciiLetterOrDigit(options.CodePrefix[0]))
            || !options.CodePrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw new ArgumentException(
                $"code prefix must be at most {MaxCodePrefixLength} ASCII letters, digits, '.', '-' or '_', starting with a letter or digit.",
                nameof(options));
        if (!DateOnly.TryParseExact(options.EffectiveFrom, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new ArgumentException("effective-from must be dd/MM/yyyy.", nameof(options));
        return new Builder(options).Rows();
    }

    private sealed class ProvinceState(Province province, int quota)
    {
        public Province Province { get; } = province;
        public int Quota { get; } = quota;
        public int NextCommune { get; set; } = 1;
        public HashSet<string> CommuneNames { get; } = new(StringComparer.Ordinal);
        public string Lower { get; } = province.Code.ToLowerInvariant();
    }

    private sealed class Builder(GeneratorOptions options)
    {
        private readonly Random _rng = new(options.Seed);
        private readonly string _prefix = options.CodePrefix;
        private readonly string _from = options.EffectiveFrom;
        private readonly HashSet<string> _phones = new(StringComparer.Ordinal);

        public IEnumerable<UnitRow> Rows()
        {
            var count = 0;
            var provinces = Plan();

            yield return Row(MinistryCode, "Bộ Giáo dục và Đào tạo", "Bộ GDĐT", "OtherAgency", "", "VN",
                "Số 35 Đại Cồ Việt, thành phố Hà Nội", Person(0.3), "Bộ trưởng", Phone("024"), "bogddt@moet.edu.vn");
            count++;

            foreach (var state in provinces)
            {
                foreach (var row in ProvinceUnits(state))
                {
                    count++;
                    yield return row;
                }
            }

            foreach (var state in provinces)
            {
                for (var i = 0; i < state.Quota; i++)
                {
                    foreach (var row in Commune(state))
                    {
                        count++;
                        yield return row;
                    }
                }
            }

            // Top up, round-robin over provinces, until the requested count is reached.
            for (var i = 0; count < options.Units; i++)
            {
                foreach (var row in Commune(provinces[i % provinces.Count]))
                {
                    count++;
                    yield return row;
                }
            }
        }

        private List<ProvinceState> Plan()
        {
            var all = Provinces.All;
            var remaining = options.Units - 1 - FixedRowsPerProvince * all.Count;
            var communes = Math.Max(all.Count, (int)Math.Ceiling(remaining / RowsPerCommune));
            var totalWeight = all.Sum(p => p.Weight);
            return [.. all.Select(p => new ProvinceState(p, Math.Max(1, (int)Math.Round((double)communes * p.Weight / totalWeight))))];
        }

        private IEnumerable<UnitRow> ProvinceUnits(ProvinceState state)
        {
            var p = state.Province;
            var dept = $"SGDDT-{p.Code}";
            var edu = $"{p.EmailDomain}.edu.vn";
            var deptAddress = $"Số {_rng.Next(1, 200)} {Pick(Names.Figures)}, {p.FullName}";

            yield return Row(dept, $"Sở Giáo dục và Đào tạo {p.Name}", $"Sở GDĐT {p.Name}", "Department", MinistryCode,
                p.Code, deptAddress, Person(0.3), "Giám đốc Sở", Phone(p.PhoneArea), $"sogddt@{edu}");

            (string Code, string Name, string Short, string Title)[] divisions =
            [
                ("VP", "Văn phòng Sở", "Văn phòng Sở", "Chánh Văn phòng"),
                ("TCCB", "Phòng Tổ chức cán bộ", "Phòng TCCB", "Trưởng phòng"),
                ("KHTC", "Phòng Kế hoạch - Tài chính", "Phòng KHTC", "Trưởng phòng"),
                ("GDMN", "Phòng Giáo dục Mầm non", "Phòng GDMN", "Trưởng phòng"),
                ("GDPT", "Phòng Giáo dục phổ thông", "Phòng GDPT", "Trưởng phòng"),
                ("GDTX", "Phòng Giáo dục thường xuyên và Giáo dục nghề nghiệp", "Phòng GDTX-GDNN", "Trưởng phòng"),
                ("QLCL", "Phòng Quản lý chất lượng", "Phòng QLCL", "Trưởng phòng"),
            ];
            foreach (var d in divisions)
            {
                yield return Row($"{dept}-{d.Code}", d.Name, d.Short, "DepartmentDivision", dept, p.Code, deptAddress,
                    Person(0.5), d.Title, Phone(p.PhoneArea), $"{d.Code.ToLowerInvariant()}.sgddt@{edu}");
            }

            yield return Row($"DVTT-{p.Code}-HTGDHN", $"Trung tâm Hỗ trợ phát triển giáo dục hòa nhập {p.Name}",
                "TT HTPT GD hòa nhập", "AffiliatedUnit", dept, p.Code, Address(p), Person(0.6), "Giám đốc",
                Phone(p.PhoneArea), $"htgdhn@{edu}");
            yield return Row($"DVTT-{p.Code}-KTTHHN", $"Trung tâm Kỹ thuật tổng hợp - Hướng nghiệp {p.Name}",
                "TT KTTH-HN", "AffiliatedUnit", dept, p.Code, Address(p), Person(0.5), "Giám đốc",
                Phone(p.PhoneArea), $"ktthhn@{edu}");
            yield return Row($"PTDTNT-{p.Code}", $"Trường Phổ thông Dân tộc nội trú {p.FullName}",
                $"PT DTNT {p.Name}", "MultiLevelSchool", dept, p.Code, Address(p), Person(0.4), "Hiệu trưởng",
                Phone(p.PhoneArea), $"ptdtnt@{edu}");

            var upperSecondary = Math.Max(2, (int)Math.Round(state.Quota * 0.7));
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 1; i <= upperSecondary; i++)
            {
                string name;
                var tries = 0;
                do name = i == 1 ? $"chuyên {Pick(Names.Figures)}"
                    : ++tries <= 30 ? (_rng.Next(3) == 0 ? PlaceName() : Pick(Names.Figures))
                    : $"{PlaceName()} {tries}";
                while (!names.Add(name));
                var code = $"THPT-{p.Code}-{i:D3}";
                yield return Row(code, $"Trường THPT {name}", $"THPT {name}", "UpperSecondarySchool", dept, p.Code,
                    Address(p), Person(0.45), "Hiệu trưởng", Phone(p.PhoneArea), $"c3.{state.Lower}.{i:D3}@{edu}");
            }

            var centres = Math.Max(1, (int)Math.Round(state.Quota / 12.0));
            for (var i = 1; i <= centres; i++)
            {
                var area = PlaceName();
                yield return Row($"GDTX-{p.Code}-{i:D2}", $"Trung tâm GDNN-GDTX khu vực {area}", $"TT GDNN-GDTX {area}",
                    "ContinuingEducationCentre", dept, p.Code, Address(p), Person(0.4), "Giám đốc", Phone(p.PhoneArea),
                    $"gdtx.{state.Lower}.{i:D2}@{edu}");
            }

            yield return Row($"CA-{p.Code}", $"Công an {p.FullName}", $"CA {p.Name}", "CityPolice", "", p.Code,
                Address(p), Person(0.05), $"Giám đốc Công an {(p.IsCity ? "thành phố" : "tỉnh")}", Phone(p.PhoneArea), "");
        }

        private IEnumerable<UnitRow> Commune(ProvinceState state)
        {
            var p = state.Province;
            var n = state.NextCommune++;
            var isWard = _rng.NextDouble() < (p.IsCity ? 0.6 : 0.15);
            var label = isWard ? "phường" : "xã";
            var abbr = isWard ? "P." : "X.";
            string name;
            var attempts = 0;
            do name = ++attempts <= 20 ? PlaceName() : $"{PlaceName()} {attempts}";
            while (!state.CommuneNames.Add(name));

            var id = $"{p.Code}-{n:D4}";
            var place = $"{label} {name}, {p.FullName}";
            var pc = $"UBND-{id}";
            var quarters = isWard ? Names.UrbanQuarters : Names.Hamlets;
            var edu = $"{p.EmailDomain}.edu.vn";
            var email = $"{state.Lower}.{n:D4}";

            yield return Row(pc, $"Ủy ban nhân dân {label} {name}", $"UBND {abbr} {name}", "WardPeoplesCommittee",
                $"SGDDT-{p.Code}", id, $"{Pick(quarters)}, {place}", Person(0.25), $"Chủ tịch UBND {label}",
                Phone(p.PhoneArea), $"ubnd.{email}@{p.EmailDomain}.gov.vn");
            yield return Row($"CAX-{id}", $"Công an {label} {name}", $"CA {abbr} {name}", "WardPolice", $"CA-{p.Code}",
                id, $"{Pick(quarters)}, {place}", Person(0.1), $"Trưởng Công an {label}", Phone(p.PhoneArea), "");

            (string Prefix, string Kind, string Label, string Short, int Min, int Max, double Female, string[] Pool)[] levels =
            [
                ("MN", "Preschool", "Trường Mầm non", "MN", 3, 6, 0.97, Names.PreschoolNames),
                ("TH", "PrimarySchool", "Trường Tiểu học", "TH", 2, 6, 0.75, Names.Figures),
                ("THCS", "LowerSecondarySchool", "Trường THCS", "THCS", 2, 4, 0.6, Names.Figures),
            ];
            foreach (var level in levels)
            {
                var used = new HashSet<string>(StringComparer.Ordinal);
                var schools = _rng.Next(level.Min, level.Max + 1);
                for (var k = 1; k <= schools; k++)
                {
                    string school;
                    var tries = 0;
                    do school = k == 1 ? name : ++tries <= 10 ? Pick(level.Pool) : $"{name} {k}";
                    while (!used.Add(school));
                    yield return Row($"{level.Prefix}-{id}-{k}", $"{level.Label} {school}", $"{level.Short} {school}",
                        level.Kind, pc, id, $"{Pick(quarters)}, {place}", Person(level.Female), "Hiệu trưởng",
                        Phone(p.PhoneArea), $"{level.Prefix.ToLowerInvariant()}.{email}.{k}@{edu}");
                }
            }
        }

        private UnitRow Row(string code, string name, string shortName, string kind, string parent, string area,
            string address, string head, string title, string phone, string email) =>
            new(_prefix + code, name, shortName, kind, parent.Length == 0 ? "" : _prefix + parent, area, address,
                head, title, phone, email, _from);

        private string Pick(string[] pool) => pool[_rng.Next(pool.Length)];

        private string PlaceName()
        {
            var first = Pick(Names.PlaceSyllables);
            string second;
            do second = Pick(Names.PlaceSyllables);
            while (ReferenceEquals(second, first));
            return $"{first} {second}";
        }

        private string Address(Province p) =>
            p.IsCity
                ? $"{Pick(Names.UrbanQuarters)}, phường {PlaceName()}, {p.FullName}"
                : $"{Pick(Names.Hamlets)}, xã {PlaceName()}, {p.FullName}";

        private string Person(double femaleShare)
        {
            var female = _rng.NextDouble() < femaleShare;
            var family = Pick(Names.Family);
            var middle = Pick(female ? Names.MiddleFemale : Names.MiddleMale);
            var given = Pick(female ? Names.GivenFemale : Names.GivenMale);
            return $"{family} {middle} {given}";
        }

        /// <summary>An 11-digit landline number in the province's area, unique across the data set while numbers last.</summary>
        private string Phone(string area)
        {
            var digits = 11 - area.Length;
            var max = (int)Math.Pow(10, digits - 1);
            for (var attempt = 0; ; attempt++)
            {
                var number = $"{area}{3 + _rng.Next(4)}{_rng.Next(max).ToString($"D{digits - 1}", CultureInfo.InvariantCulture)}";
                if (_phones.Add(number) || attempt > 10) return number;
            }
        }
    }
}
