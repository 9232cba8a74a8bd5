using Scari.Web.Features.People;
using Scari.Web.Features.Surveys;
using YamlDotNet.RepresentationModel;

namespace Scari.Web.Content;

/// <summary>One Likert statement of a survey: a stable id (answers are stored under it) and its text.</summary>
public sealed record SurveyItem(string Id, string Text);

/// <summary>
/// A course's reaction survey (<c>survey</c> in curso.md, or <see cref="SurveyReader.Default"/>) or impact survey
/// (<c>impact_survey</c>, offered <see cref="AfterDays"/> days after the completion).
/// </summary>
public sealed record Survey(SurveyKind Kind, IReadOnlyList<SurveyItem> Items, string? Question, int AfterDays, bool IsDefault);

/// <summary>
/// Reads <c>survey</c> and <c>impact_survey</c> from curso.md's front matter:
/// <code>
/// survey:
///   items:
///     objetivos: El curso cumplió los objetivos que anunció.
///   question: ¿Qué cambiaría del curso?
/// impact_survey:
///   after_days: 60
///   items: …
///   question: …
/// </code>
/// </summary>
internal static class SurveyReader
{
    public const int MaxItems = 8;
    public const int MaxItemLength = 200;
    public const int MaxQuestionLength = 300;

    public static Survey? Read(FrontMatter front, string key, SurveyKind kind)
    {
        if (!front.Has(key)) return null;
        var map = front.Map(key, required: true);
        if (map is null) return null;
        var f = front.Child(map);
        var impact = kind == SurveyKind.Impacto;
        var allowed = impact ? new[] { "items", "question", "after_days" } : ["items", "question"];
        foreach (var (k, _) in map.Children)
            if (k is YamlScalarNode { Value: { } name } && !allowed.Contains(name))
                f.Problem(f.Line(k), $"el campo «{key}.{name}» no existe: use {string.Join(", ", allowed.Select(a => key + "." + a))}");

        var min = impact ? 1 : 3;
        var items = new List<SurveyItem>();
        var ok = true;
        switch (f.Node("items"))
        {
            case null:
                f.Problem(f.LineOf(key), $"falta «{key}.items»: de {min} a {MaxItems} afirmaciones «id: texto» que la persona califica de 1 a 5");
                ok = false;
                break;
            case YamlMappingNode itemMap:
                foreach (var (k, v) in itemMap.Children)
                {
                    var id = (k as YamlScalarNode)?.Value ?? "";
                    if (!ContentLoader.IsSlug(id))
                    {
                        f.Problem(f.Line(k), $"el id «{id}» de «{key}.items» no es válido: use minúsculas sin tildes, números y guiones (p. ej. objetivos)");
                        ok = false;
                        continue;
                    }
                    var text = (v as YamlScalarNode)?.Value?.Trim();
                    if (string.IsNullOrWhiteSpace(text) || text.Contains('\n'))
                    {
                        f.Problem(f.Line(v), $"la afirmación «{id}» de «{key}.items» debe ser un texto de una línea");
                        ok = false;
                        continue;
                    }
                    if (text.Length > MaxItemLength)
                    {
                        f.Problem(f.Line(v), $"la afirmación «{id}» tiene {text.Length} caracteres: escriba como máximo {MaxItemLength}");
                        ok = false;
                        continue;
                    }
                    items.Add(new SurveyItem(id, text));
                }
                if (ok && (items.Count < min || items.Count > MaxItems))
                {
                    f.Problem(f.Line(itemMap), $"«{key}.items» tiene {items.Count} {(items.Count == 1 ? "afirmación" : "afirmaciones")}: escriba de {min} a {MaxItems}");
                    ok = false;
                }
                break;
            case var other:
                f.Problem(f.Line(other), $"«{key}.items» debe ser una lista de afirmaciones «id: texto», una por línea (p. ej. «objetivos: El curso cumplió sus objetivos.»)");
                ok = false;
                break;
        }

        var question = f.String("question", required: false);
        if (question is { Length: > MaxQuestionLength })
        {
            f.Problem(f.LineOf("question"), $"«{key}.question» tiene {question.Length} caracteres: escriba como máximo {MaxQuestionLength}");
            ok = false;
        }
        var afterDays = 0;
        if (impact)
        {
            if (f.Int("after_days", required: false, 1, 365, "de días entre 1 y 365") is { } days) afterDays = days;
            else
            {
                if (!f.Has("after_days")) f.Problem(f.LineOf(key), $"falta «{key}.after_days»: cuántos días después de terminar el curso se ofrece la encuesta de impacto (1 a 365)");
                ok = false;
            }
        }
        return ok ? new Survey(kind, items, question, afterDays, IsDefault: false) : null;
    }

    /// <summary>
    /// The reaction survey of a course that sets none: what a Plan Institucional de Capacitación asks of each training
    /// event (objectives, applicability, materials, time, overall). Statements in the first person, so they suit both
    /// voices; the open question follows the course's voice (tú for students, usted otherwise).
    /// </summary>
    public static Survey Default(Audience? audience) => new(SurveyKind.Reaccion,
    [
        new("objetivos", "El curso cumplió los objetivos que anunciaba."),
        new("aplicacion", audience switch
        {
            Audience.Student => "Lo que aprendí me sirve en mis estudios.",
            Audience.Staff => "Lo que aprendí me sirve en mi trabajo.",
            _ => "Lo que aprendí me sirve en mi trabajo o en mis estudios.",
        }),
        new("materiales", "Los materiales (lecciones, ejemplos y evaluaciones) fueron claros y útiles."),
        new("tiempo", "El tiempo previsto fue suficiente para aprender lo que el curso propone."),
        new("general", "En general, el curso cumplió mis expectativas."),
    ],
    audience == Audience.Student ? "¿Qué cambiarías o agregarías al curso?" : "¿Qué cambiaría o agregaría al curso?",
    AfterDays: 0, IsDefault: true);
}
