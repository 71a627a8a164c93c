using System.Globalization;
using System.Text;

namespace Platform.Tools.DataGenerator;

/// <summary>What the generator did besides the rows: how many units it could not place by their ward.</summary>
public sealed record ReformPlanSummary(int Rows, int Communes, int HaiDuongCommunes, int SchoolsMoved, int SchoolsFellBack, int WardsFellBack,
    IReadOnlyList<string> FallbackWards);

/// <summary>
/// Writes the restructuring plan of the 2025 reform for the Hải Phòng demo data (issue 17): from the 114 new
/// commune-level units and the former units they came from (<c>shared/domain/hai-phong-2025-communes.csv</c>) and
/// the seed's 2024 organisation (<c>hai-phong-2024.csv</c>), the dated actions that take the 2024 tree to today's,
/// in the format of <c>src/Services/Units/README-restructuring-plan.md</c>. The codes follow the shared spec
/// (<c>UBND-P-LECHAN</c>, <c>VHXH-P-LECHAN</c>, <c>CA-P-LECHAN</c>, <c>MN-HD-&lt;SLUG&gt;</c>…). Same inputs, same bytes.
/// </summary>
public static class ReformPlanGenerator
{
    public const string Header = "action,effective_date,unit_code,new_code,name,short_name,kind,parent_code,target_codes,area_code,note";

    private const string Start2024 = "01/01/2024";
    private const string PoliceReform = "01/03/2025";
    private const string Reform = "01/07/2025";
    private const string Department = "SGDDT-HP";
    private const string HaiDuongDepartment = "SGDDT-HD";
    private const string CityPolice = "CATP-HP";

    private const string TwoLevelActs = "NQ 1669/NQ-UBTVQH15; Luật 72/2025/QH15";
    private const string SchoolActs = "Luật 72/2025/QH15; NĐ 142/2025/NĐ-CP: UBND cấp xã quản lý trường MN, TH, THCS";
    private const string Unconfirmed = "thành phần đơn vị cũ chưa xác nhận (unconfirmed)";
    private const string Generated = "DỮ LIỆU SINH TỰ ĐỘNG (generated demo data), không phải trường có thật";

    private static readonly string[] DistrictRunKinds = ["Preschool", "PrimarySchool", "LowerSecondarySchool"];

    private sealed record Commune(int Index, string Name, string Bare, string TypeWord, string Prefix, string Slug, bool Confirmed, string Source,
        IReadOnlyList<string> FormerDistricts, bool HaiDuong)
    {
        public string Suffix => $"{Prefix}-{Slug}";
        public string Committee => $"UBND-{Suffix}";
        public string Division => $"VHXH-{Suffix}";
        public string Police => $"CA-{Suffix}";
        public string AreaCode => $"HP-{Suffix}";
        public string Status => Confirmed ? "" : "; " + Unconfirmed;
    }

    private sealed record DemoUnit(string Code, string Name, string Kind, string ParentCode, string AreaCode);

    /// <summary>The plan's lines (header first), and what had to fall back.</summary>
    public static (List<string> Lines, ReformPlanSummary Summary) Generate(TextReader communesCsv, TextReader demoCsv)
    {
        var demo = ReadTable(demoCsv).Select(r => new DemoUnit(r["code"], r["name"], r["kind"], r["parent_code"], r["area_code"])).ToList();
        var hpDistricts = demo.Where(u => u.Kind == "DistrictEducationOffice").Select(u => u.Code["PGDDT-".Length..]).ToHashSet(StringComparer.Ordinal);
        var communeRows = ReadTable(communesCsv);
        var communes = ReadCommunes(communeRows, hpDistricts);

        // (former district, former ward) → the new units that list it; "whole <district>" → the one that took it all.
        var byWard = new Dictionary<(string District, string Ward), List<(Commune Commune, bool Part)>>();
        var wholeDistrict = new Dictionary<string, Commune>(StringComparer.Ordinal);
        for (var i = 0; i < communes.Count; i++)
        {
            var commune = communes[i];
            foreach (var token in communeRows[i]["former_units"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (token.StartsWith("whole ", StringComparison.Ordinal))
                {
                    wholeDistrict[DistrictSlug(token["whole ".Length..])] = commune;
                    continue;
                }
                var part = token.StartsWith("part of ", StringComparison.Ordinal);
                var ward = Slug(StripQualifier(part ? token["part of ".Length..] : token));
                foreach (var district in commune.FormerDistricts)
                {
                    var key = (district, ward);
                    if (!byWard.TryGetValue(key, out var list)) byWard[key] = list = [];
                    list.Add((commune, part));
                }
            }
        }

        // Where each 2024 ward (by its area code HP-<DISTRICT>-<WARD>) went. Whole listings first, then the first
        // "part of"; a ward the list does not name falls back to a new unit of the same former district, taken in
        // turn so that one commune does not receive a whole district's leftovers.
        var fallbackWards = new List<string>();
        var turn = new Dictionary<string, int>(StringComparer.Ordinal);
        var wardTarget = new Dictionary<string, (Commune Commune, bool Fallback, bool Part)>(StringComparer.Ordinal);
        (Commune Commune, bool Fallback, bool Part) Place(string areaCode, string district)
        {
            if (wardTarget.TryGetValue(areaCode, out var placed)) return placed;
            var parts = areaCode.Split('-');
            var ward = parts.Length >= 3 ? string.Concat(parts[2..]) : "";
            if (byWard.TryGetValue((district, ward), out var candidates))
            {
                var whole = candidates.FirstOrDefault(c => !c.Part);
                placed = whole.Commune is not null ? (whole.Commune, false, false) : (candidates[0].Commune, false, true);
            }
            else if (wholeDistrict.TryGetValue(district, out var all))
            {
                placed = (all, false, false);
            }
            else
            {
                var pool = communes.Where(c => c.FormerDistricts.Count > 0 && c.FormerDistricts[0] == district).ToList();
                if (pool.Count == 0) pool = communes.Where(c => c.FormerDistricts.Contains(district)).ToList();
                if (pool.Count == 0) throw new InvalidDataException($"No new unit lists the former district {district}.");
                var n = turn.GetValueOrDefault(district);
                turn[district] = n + 1;
                placed = (pool[n % pool.Count], true, false);
                fallbackWards.Add(areaCode);
            }
            wardTarget[areaCode] = placed;
            return placed;
        }

        var lines = new List<string> { Header };
        void Row(string action, string date, string unit, string newCode = "", string name = "", string shortName = "", string kind = "",
            string parent = "", string targets = "", string area = "", string note = "") =>
            lines.Add(string.Join(',', new[] { action, date, unit, newCode, name, shortName, kind, parent, targets, area, Truncate(note, 500) }.Select(Field)));

        // 1. Hải Dương's Department and the generated schools of its 64 new communes, as they stood from 01/01/2024.
        var haiDuong = communes.Where(c => c.HaiDuong).ToList();
        Row("create", Start2024, HaiDuongDepartment, name: "Sở Giáo dục và Đào tạo Hải Dương", shortName: "Sở GDĐT Hải Dương", kind: "Department", area: "HD",
            note: "Sở GDĐT tỉnh Hải Dương (đơn vị có thật), đã hoạt động trước 2024; hợp nhất vào Sở GDĐT Hải Phòng từ 01/07/2025 theo NQ 202/2025/QH15");
        var generatedSchools = new List<(string Code, Commune Commune)>();
        foreach (var commune in haiDuong)
        {
            foreach (var (prefix, kind, level, shortLevel) in new[]
                     { ("MN", "Preschool", "Trường Mầm non", "MN"), ("TH", "PrimarySchool", "Trường Tiểu học", "TH"), ("THCS", "LowerSecondarySchool", "Trường THCS", "THCS") })
            {
                var code = $"{prefix}-HD-{commune.Slug}";
                Row("create", Start2024, code, name: $"{level} {commune.Bare}", shortName: $"{shortLevel} {commune.Bare}", kind: kind, parent: HaiDuongDepartment,
                    area: commune.AreaCode, note: $"{Generated}; trường giả định của {commune.Name}; trước 01/07/2025 đặt trực tiếp dưới Sở GDĐT Hải Dương (không mô hình các Phòng GDĐT của Hải Dương)");
                generatedSchools.Add((code, commune));
            }
        }

        // 2. 01/03/2025: district police end; their ward police come directly under the City Police.
        foreach (var police in demo.Where(u => u.Kind == "DistrictPolice"))
        {
            Row("dissolve", PoliceReform, police.Code, targets: CityPolice,
                note: "Kết thúc công an cấp huyện từ 01/03/2025; công an phường, xã trực thuộc Công an thành phố");
        }

        // 3. 01/07/2025: the 114 commune-level units, each with its Culture–Society division and police.
        foreach (var commune in communes)
        {
            var source = commune.Confirmed ? "; nguồn: " + commune.Source : "";
            Row("create", Reform, commune.Committee, name: $"Ủy ban nhân dân {commune.TypeWord} {commune.Bare}", shortName: $"UBND {commune.TypeWord} {commune.Bare}",
                kind: "WardPeoplesCommittee", area: commune.AreaCode, note: $"{TwoLevelActs}{commune.Status}{source}");
            Row("create", Reform, commune.Division, name: $"Phòng Văn hóa – Xã hội {commune.TypeWord} {commune.Bare}", shortName: $"Phòng VHXH {commune.TypeWord} {commune.Bare}",
                kind: "CommuneDivision", parent: commune.Committee, area: commune.AreaCode, note: $"{TwoLevelActs}; TT 15/2025/TT-BGDĐT (Phòng Văn hóa – Xã hội cấp xã)");
            Row("create", Reform, commune.Police, name: $"Công an {commune.TypeWord} {commune.Bare}", shortName: $"CA {commune.TypeWord} {commune.Bare}",
                kind: "WardPolice", parent: CityPolice, area: commune.AreaCode, note: $"{TwoLevelActs}; công an cấp xã trực thuộc Công an thành phố");
        }

        // 4. Every district-run school moves under the division of the new unit that holds its ward.
        var receivedByOffice = new Dictionary<string, Dictionary<Commune, int>>(StringComparer.Ordinal);
        int moved = 0, fellBack = 0;
        foreach (var school in demo.Where(u => DistrictRunKinds.Contains(u.Kind) && u.ParentCode.StartsWith("PGDDT-", StringComparison.Ordinal)))
        {
            var district = school.ParentCode["PGDDT-".Length..];
            var (commune, fallback, part) = Place(school.AreaCode, district);
            Row("move", Reform, school.Code, parent: commune.Division, note: $"{SchoolActs}; {WardNote(school.AreaCode, commune, fallback, part)}");
            moved++;
            if (fallback) fellBack++;
            if (!receivedByOffice.TryGetValue(school.ParentCode, out var received)) receivedByOffice[school.ParentCode] = received = [];
            received[commune] = received.GetValueOrDefault(commune) + 1;
        }
        foreach (var (code, commune) in generatedSchools)
        {
            Row("move", Reform, code, parent: commune.Division, note: $"{SchoolActs}; {Generated}");
        }

        // 5. 2024 ward police and ward People's Committees end in the new units that hold their wards.
        var wardsByDistrictCommittee = new Dictionary<string, Dictionary<Commune, int>>(StringComparer.Ordinal);
        foreach (var police in demo.Where(u => u.Kind == "WardPolice"))
        {
            var district = police.ParentCode["CA-".Length..];
            var (commune, fallback, part) = Place(police.AreaCode, district);
            Row("dissolve", Reform, police.Code, targets: commune.Police,
                note: $"Tổ chức lại công an cấp xã theo đơn vị hành chính mới; {WardNote(police.AreaCode, commune, fallback, part)}");
        }
        foreach (var committee in demo.Where(u => u.Kind == "WardPeoplesCommittee"))
        {
            var (commune, fallback, part) = Place(committee.AreaCode, committee.ParentCode["UBND-".Length..]);
            Row("dissolve", Reform, committee.Code, targets: commune.Committee,
                note: $"{TwoLevelActs}: sắp xếp đơn vị hành chính cấp xã; {WardNote(committee.AreaCode, commune, fallback, part)}");
            if (!wardsByDistrictCommittee.TryGetValue(committee.ParentCode, out var taken)) wardsByDistrictCommittee[committee.ParentCode] = taken = [];
            taken[commune] = taken.GetValueOrDefault(commune) + 1;
        }

        // 6. The district level ends: People's Committees and education offices, with every unit that took their work.
        foreach (var committee in demo.Where(u => u.Kind == "DistrictPeoplesCommittee"))
        {
            var district = committee.Code["UBND-".Length..];
            var successors = Ranked(wardsByDistrictCommittee.GetValueOrDefault(committee.Code), communes.Where(c => c.FormerDistricts.Contains(district)));
            Row("dissolve", Reform, committee.Code, targets: string.Join(';', successors.Select(c => c.Committee)),
                note: $"Luật 72/2025/QH15: chấm dứt hoạt động của đơn vị hành chính cấp huyện từ 01/07/2025");
        }
        foreach (var office in demo.Where(u => u.Kind == "DistrictEducationOffice"))
        {
            var district = office.Code["PGDDT-".Length..];
            var successors = Ranked(receivedByOffice.GetValueOrDefault(office.Code), []);
            if (successors.Count == 0) successors = communes.Where(c => c.FormerDistricts.Contains(district)).Take(1).ToList();
            Row("dissolve", Reform, office.Code, targets: string.Join(';', successors.Select(c => c.Division)),
                note: "Luật 72/2025/QH15; NĐ 142/2025/NĐ-CP: Phòng GDĐT cấp huyện chấm dứt; kế thừa chính là Phòng VHXH nhận nhiều trường nhất");
        }

        // 7. Hải Dương's Department merges into Hải Phòng's.
        Row("merge", Reform, HaiDuongDepartment, targets: Department, note: "NQ 202/2025/QH15: hợp nhất tỉnh Hải Dương và thành phố Hải Phòng");

        var summary = new ReformPlanSummary(lines.Count - 1, communes.Count, haiDuong.Count, moved, fellBack, fallbackWards.Count, fallbackWards);
        return (lines, summary);
    }

    /// <summary>Successors by how much of the unit's work each took (most first), then the list's order; else the candidates.</summary>
    private static List<Commune> Ranked(Dictionary<Commune, int>? received, IEnumerable<Commune> otherwise) =>
        received is { Count: > 0 }
            ? [.. received.OrderByDescending(r => r.Value).ThenBy(r => r.Key.Index).Select(r => r.Key)]
            : [.. otherwise];

    private static string WardNote(string areaCode, Commune commune, bool fallback, bool part) => fallback
        ? $"địa bàn {areaCode} không có trong danh sách đơn vị cũ của đơn vị mới nào; gán vào {commune.Name}, cùng quận/huyện cũ (fallback, dữ liệu minh họa)"
        : $"địa bàn {areaCode} thuộc {commune.Name}{(part ? " (một phần; lấy đơn vị đầu tiên trong danh sách)" : "")}{commune.Status}";

    private static List<Commune> ReadCommunes(List<Dictionary<string, string>> rows, HashSet<string> hpDistricts)
    {
        var communes = new List<Commune>();
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            var name = row["new_unit"].Trim();
            var (typeWord, prefix, bare) = row["kind"] switch
            {
                "Phuong" => ("phường", "P", Strip(name, "Phường ")),
                "Xa" => ("xã", "X", Strip(name, "Xã ")),
                "DacKhu" => ("đặc khu", "DK", Strip(name, "Đặc khu ")),
                var other => throw new InvalidDataException($"Unknown kind '{other}' of {name}."),
            };
            // Only Xã Cẩm Giang and Xã Cẩm Giàng collide; the later row gets "2".
            var slug = Slug(bare);
            if (!slugs.Add(slug))
            {
                slug += "2";
                if (!slugs.Add(slug)) throw new InvalidDataException($"The code of {name} collides twice.");
            }
            var districts = row["former_district"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(DistrictSlug).ToList();
            var source = row["source_note"].Trim();
            communes.Add(new Commune(index, name, bare, typeWord, prefix, slug, !source.StartsWith("unconfirmed", StringComparison.OrdinalIgnoreCase),
                source, districts, !districts.Any(hpDistricts.Contains)));
        }
        return communes;
    }

    private static string Strip(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].Trim() : throw new InvalidDataException($"'{name}' should start with '{prefix}'.");

    private static string DistrictSlug(string text)
    {
        var t = text.Trim();
        foreach (var prefix in new[] { "Quận ", "Huyện ", "TP ", "TX ", "Thị xã ", "Thành phố " })
        {
            if (t.StartsWith(prefix, StringComparison.Ordinal)) return Slug(t[prefix.Length..]);
        }
        return Slug(t);
    }

    /// <summary>"Nam Sơn (An Dương)", "Cát Bà (TT)": the qualifier tells places apart in the text, the district does it here.</summary>
    private static string StripQualifier(string text)
    {
        var open = text.IndexOf('(');
        return open < 0 ? text.Trim() : text[..open].Trim();
    }

    /// <summary>Diacritics removed (đ→D), upper-case, only A–Z and 0–9.</summary>
    public static string Slug(string text)
    {
        var decomposed = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var upper = char.ToUpperInvariant(c);
            if (upper is >= 'A' and <= 'Z' or >= '0' and <= '9') sb.Append(upper);
        }
        return sb.ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    /// <summary>A CSV with a header row (RFC 4180 quoting), as dictionaries by column name.</summary>
    public static List<Dictionary<string, string>> ReadTable(TextReader reader)
    {
        var records = ReadRecords(reader.ReadToEnd()).ToList();
        if (records.Count == 0) return [];
        var header = records[0].Select(h => h.Trim()).ToList();
        return records.Skip(1).Where(r => r.Any(f => f.Length > 0)).Select(r =>
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++) row[header[i]] = i < r.Count ? r[i] : "";
            return row;
        }).ToList();
    }

    private static IEnumerable<List<string>> ReadRecords(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                fields.Add(field.ToString());
                field.Clear();
                yield return fields;
                fields = [];
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
