using System.Globalization;
using Scari.Web.Features.People;
using YamlDotNet.RepresentationModel;

namespace Scari.Web.Content;

/// <summary>Reads content/scari.yaml: entity, certificate signatory and indicators, with the line of every problem.</summary>
internal static class SettingsReader
{
    private const string Path_ = "scari.yaml";

    /// <returns>The settings (indicators with problems left out) and the line of each course id listed by an indicator.</returns>
    public static (ScariSettings Settings, Dictionary<(string Indicator, string Course), int> CourseLines) Read(
        string root, List<ContentProblem> problems)
    {
        var lines = new Dictionary<(string, string), int>();
        var file = Path.Combine(root, Path_);
        if (!File.Exists(file))
        {
            problems.Add(new(Path_, 1, "falta scari.yaml con la entidad, quien firma los certificados y los indicadores"));
            return (ScariSettings.Empty, lines);
        }
        var map = FrontMatter.ParseMapping(Path_, File.ReadAllText(file), lineOffset: 0, problems);
        if (map is null) return (ScariSettings.Empty, lines);
        var yaml = FrontMatter.Wrap(map, Path_, problems, lineOffset: 0);

        var entity = new EntityInfo("", "", "", null);
        if (yaml.Map("entity", required: true) is { } e)
        {
            var f = yaml.Child(e);
            var logo = f.String("logo", false);
            if (logo is not null && !IsUsableLogo(root, logo))
            {
                f.Problem(f.LineOf("logo"), $"el logo «{logo}» no existe o no es PNG ni JPEG: los certificados solo pueden dibujar esas imágenes");
                logo = null;
            }
            entity = new EntityInfo(f.String("name", true) ?? "", f.String("short_name", true) ?? "", f.String("program", true) ?? "", logo);
        }
        var signatory = new Signatory("", "");
        if (yaml.Map("signatory", required: true) is { } s)
        {
            var f = yaml.Child(s);
            signatory = new Signatory(f.String("title", true) ?? "", f.String("entity", true) ?? "");
        }

        var indicators = new List<IndicatorDefinition>();
        switch (yaml.Node("indicators"))
        {
            case null:
                yaml.Problem(1, "falta la lista «indicators» con los indicadores del plan de desarrollo");
                break;
            case YamlSequenceNode seq:
                foreach (var node in seq.Children)
                {
                    if (node is not YamlMappingNode item)
                    {
                        yaml.Problem(yaml.Line(node), "cada indicador debe tener campos id, name, audience, target, period y courses");
                        continue;
                    }
                    if (ReadIndicator(yaml.Child(item), lines) is { } indicator)
                    {
                        if (indicators.Any(i => i.Id == indicator.Id))
                            yaml.Problem(yaml.Line(item), $"el indicador «{indicator.Id}» está repetido: cada indicador necesita un id único");
                        else indicators.Add(indicator);
                    }
                }
                break;
            case var other:
                yaml.Problem(yaml.Line(other), "«indicators» debe ser una lista (cada indicador empieza con «- id: …»)");
                break;
        }
        return (new ScariSettings(entity, signatory, indicators), lines);
    }

    private static bool IsUsableLogo(string root, string logo)
    {
        var full = Path.GetFullPath(Path.Combine(root, logo));
        return full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal) && File.Exists(full)
            && Path.GetExtension(full).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";
    }

    private static IndicatorDefinition? ReadIndicator(FrontMatter f, Dictionary<(string, string), int> lines)
    {
        var id = f.String("id", true);
        if (id is not null && !ContentLoader.IsSlug(id))
        {
            f.Problem(f.LineOf("id"), $"el id «{id}» no es válido: use minúsculas sin tildes, números y guiones");
            id = null;
        }
        var name = f.String("name", true);
        var audienceText = f.String("audience", true);
        Audience? audience = audienceText switch
        {
            null => null,
            "staff" => Audience.Staff,
            "student" => Audience.Student,
            _ => null,
        };
        if (audienceText is not null && audience is null)
            f.Problem(f.LineOf("audience"), $"el público «{audienceText}» no existe para un indicador: use staff o student");
        var target = f.Int("target", true, 1, 10_000_000, "mayor que cero");

        DateOnly? start = null, end = null;
        if (f.Map("period", true) is { } period)
        {
            var p = f.Child(period);
            start = Date(p, "start");
            end = Date(p, "end");
            if (start is not null && end is not null && end < start)
                p.Problem(p.LineOf("end"), $"el periodo termina ({end:yyyy-MM-dd}) antes de empezar ({start:yyyy-MM-dd}): corrija las fechas");
        }

        var yearly = new Dictionary<int, int>();
        if (f.Node("yearly_targets") is { } yt)
        {
            if (yt is YamlMappingNode years)
                foreach (var (k, v) in years.Children)
                {
                    if (k is YamlScalarNode { Value: var ks } && int.TryParse(ks, CultureInfo.InvariantCulture, out var year)
                        && v is YamlScalarNode { Value: var vs } && int.TryParse(vs, CultureInfo.InvariantCulture, out var goal) && goal >= 0)
                        yearly[year] = goal;
                    else f.Problem(f.Line(k), "cada meta anual se escribe «año: meta», p. ej. «2026: 200»");
                }
            else f.Problem(f.Line(yt), "«yearly_targets» debe tener líneas «año: meta»");
        }

        var courses = new List<string>();
        switch (f.Node("courses"))
        {
            case null: f.Problem(f.LineOf("id"), "falta la lista «courses» con los cursos que cuentan para el indicador"); break;
            case YamlSequenceNode seq:
                foreach (var c in seq.Children)
                    if (c is YamlScalarNode { Value: { Length: > 0 } courseId })
                    {
                        courses.Add(courseId);
                        if (id is not null) lines[(id, courseId)] = f.Line(c);
                    }
                break;
            case var other: f.Problem(f.Line(other), "«courses» debe ser una lista de ids de cursos"); break;
        }
        if (id is null || name is null || audience is null || target is null || start is null || end is null || end < start) return null;
        return new IndicatorDefinition(id, name, audience.Value, target.Value, start.Value, end.Value, yearly, courses);
    }

    private static DateOnly? Date(FrontMatter f, string key)
    {
        var text = f.String(key, true);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        f.Problem(f.LineOf(key), $"la fecha «{text}» no es válida: escríbala como AAAA-MM-DD, p. ej. 2024-01-01");
        return null;
    }
}
