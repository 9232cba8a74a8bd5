using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;

namespace Scari.Web.Features.Surveys;

/// <summary>One Likert statement's figures in one group: answers, mean and how many chose each value 1-5.</summary>
public sealed record ItemFigure(string ItemId, string Text, int Count, double Mean, IReadOnlyList<int> Distribution);

/// <summary>A course, or one of its cohorts or in-person sessions, or its online answers without a cohort.</summary>
public sealed record SurveyGroup(string Name, string Kind, int Answers, bool Shown, IReadOnlyList<ItemFigure> Items);

public sealed record SurveyCourseRow(string CourseId, string Title, int Reaction, int Impact, bool HasImpactSurvey);

public sealed record SurveyCourseResults(string CourseId, string Title, SurveyKind Kind, Survey? Survey, SurveyGroup Total,
    IReadOnlyList<SurveyGroup> Groups, IReadOnlyList<string> Comments);

/// <summary>
/// Survey results for administrators: per course, cohort and in-person session. The rule that protects the people who
/// answered exists here once: no figure for a group of fewer than <see cref="MinAnswers"/> answers, and when that hides
/// exactly one group of a course the smallest other one is hidden too, so it cannot be worked out from the total.
/// Free text is shown only with the course's total (never per cohort or session), sorted, never by date.
/// </summary>
public sealed class SurveyResults(ScariDbContext db, CourseCatalog catalog)
{
    public const int MinAnswers = 5;
    public const string Hidden = "menos de 5 respuestas: no se muestran cifras";

    public async Task<List<SurveyCourseRow>> CoursesAsync(CancellationToken ct)
    {
        var counts = await db.SurveyResponses.AsNoTracking().GroupBy(r => new { r.CourseId, r.Kind })
            .Select(g => new { g.Key.CourseId, g.Key.Kind, Count = g.Count() }).ToListAsync(ct);
        var ids = catalog.Courses.Select(c => c.Id).Union(counts.Select(c => c.CourseId)).Distinct();
        return [.. ids.Select(id => new SurveyCourseRow(id, catalog.Find(id)?.Title ?? id,
                counts.Where(c => c.CourseId == id && c.Kind == SurveyKind.Reaccion).Sum(c => c.Count),
                counts.Where(c => c.CourseId == id && c.Kind == SurveyKind.Impacto).Sum(c => c.Count),
                catalog.Find(id)?.ImpactSurvey is not null))
            .OrderBy(r => r.Title, StringComparer.Create(Bogota.Culture, CompareOptions.IgnoreCase))];
    }

    public async Task<SurveyCourseResults?> CourseAsync(string courseId, SurveyKind kind, CancellationToken ct)
    {
        var course = catalog.Find(courseId);
        // Answers are few per course (hundreds): their short Likert strings are read and tallied here.
        var rows = await db.SurveyResponses.AsNoTracking().Where(r => r.CourseId == courseId && r.Kind == kind)
            .Select(r => new { r.CohortId, r.SessionId, r.Answers, r.Comment }).ToListAsync(ct);
        if (course is null && rows.Count == 0) return null;
        var survey = kind == SurveyKind.Impacto ? course?.ImpactSurvey : course?.Survey;

        var decoded = rows.Select(r => (r.CohortId, r.SessionId, Values: SurveyResponse.Decode(r.Answers).ToList())).ToList();
        var items = (survey?.Items ?? []).ToList();
        foreach (var id in decoded.SelectMany(r => r.Values.Select(v => v.Item)).Distinct().Where(id => items.All(i => i.Id != id)).Order(StringComparer.Ordinal))
            items.Add(new SurveyItem(id, $"{id} (afirmación que ya no está en la encuesta)"));

        SurveyGroup Group(string name, string groupKind, IReadOnlyList<(int? CohortId, int? SessionId, List<(string Item, int Value)> Values)> answers, bool shown) =>
            new(name, groupKind, answers.Count, shown, shown ? Figures(items, answers.Select(a => a.Values)) : []);

        var cohortIds = decoded.Where(r => r.CohortId is not null).Select(r => r.CohortId!.Value).Distinct().ToList();
        var sessionIds = decoded.Where(r => r.SessionId is not null).Select(r => r.SessionId!.Value).Distinct().ToList();
        var cohorts = await db.Cohorts.AsNoTracking().Where(c => cohortIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var sessions = await db.TrainingSessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, s.Date }).ToDictionaryAsync(s => s.Id, s => $"{s.Name} ({Bogota.FormatDate(s.Date)})", ct);

        var parts = new List<(string Name, string Kind, List<(int?, int?, List<(string, int)>)> Answers)>();
        foreach (var g in decoded.Where(r => r.CohortId is not null).GroupBy(r => r.CohortId!.Value).OrderBy(g => cohorts.GetValueOrDefault(g.Key), StringComparer.Ordinal))
            parts.Add(($"Cohorte {cohorts.GetValueOrDefault(g.Key, g.Key.ToString(CultureInfo.InvariantCulture))}", "cohorte", [.. g]));
        foreach (var g in decoded.Where(r => r.CohortId is null && r.SessionId is not null).GroupBy(r => r.SessionId!.Value).OrderBy(g => sessions.GetValueOrDefault(g.Key), StringComparer.Ordinal))
            parts.Add(($"Sesión presencial {sessions.GetValueOrDefault(g.Key, g.Key.ToString(CultureInfo.InvariantCulture))}", "sesión", [.. g]));
        var rest = decoded.Where(r => r.CohortId is null && r.SessionId is null).ToList();
        if (rest.Count > 0 && parts.Count > 0) parts.Add(("En línea, sin cohorte", "otros", rest));

        var totalShown = decoded.Count >= MinAnswers;
        var shown = parts.Select(p => totalShown && p.Answers.Count >= MinAnswers).ToArray();
        // Complementary suppression: one hidden group next to a shown total could be worked out by subtraction.
        if (totalShown && shown.Count(s => !s) == 1 && shown.Length > 1)
        {
            var smallest = Enumerable.Range(0, parts.Count).Where(i => shown[i]).MinBy(i => parts[i].Answers.Count);
            shown[smallest] = false;
        }
        var comments = totalShown
            ? rows.Select(r => r.Comment).OfType<string>().Order(StringComparer.Create(Bogota.Culture, CompareOptions.IgnoreCase)).ToList()
            : [];
        return new(courseId, course?.Title ?? courseId, kind, survey, Group("Todo el curso", "curso", decoded, totalShown),
            [.. parts.Select((p, i) => Group(p.Name, p.Kind, p.Answers, shown[i]))], comments);
    }

    private static List<ItemFigure> Figures(List<SurveyItem> items, IEnumerable<List<(string Item, int Value)>> answers)
    {
        var all = answers.SelectMany(a => a).ToList();
        return [.. items.Select(item =>
        {
            var values = all.Where(v => v.Item == item.Id).Select(v => v.Value).ToList();
            var distribution = Enumerable.Range(1, 5).Select(n => values.Count(v => v == n)).ToList();
            return new ItemFigure(item.Id, item.Text, values.Count, values.Count == 0 ? 0 : values.Average(), distribution);
        })];
    }

    public static string Mean(double mean) => mean.ToString("0.0", Bogota.Culture);

    /// <summary>The tables of the exports: figures of every group (or the hiding sentence), and the comments when shown.</summary>
    public static (XlsxWriter.Table Figures, XlsxWriter.Table Comments) Tables(SurveyCourseResults r)
    {
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var g in new[] { r.Total }.Concat(r.Groups))
        {
            if (!g.Shown) { rows.Add([g.Name, g.Kind, Hidden, null, null, null, null, null, null, null, null]); continue; }
            foreach (var i in g.Items)
                rows.Add([g.Name, g.Kind, g.Answers, i.ItemId, i.Text, i.Count == 0 ? "" : i.Mean.ToString("0.00", CultureInfo.InvariantCulture),
                    i.Distribution[0], i.Distribution[1], i.Distribution[2], i.Distribution[3], i.Distribution[4]]);
        }
        var figures = new XlsxWriter.Table("Cifras",
            ["grupo", "tipo_de_grupo", "respuestas", "afirmacion", "texto", "media", "1_totalmente_en_desacuerdo", "2_en_desacuerdo",
             "3_ni_de_acuerdo_ni_en_desacuerdo", "4_de_acuerdo", "5_totalmente_de_acuerdo"], rows);
        var comments = new XlsxWriter.Table("Comentarios", ["comentario"], [.. r.Comments.Select(c => (IReadOnlyList<object?>)[c])]);
        return (figures, comments);
    }
}

/// <summary>Mean per statement as horizontal bars on the 1-5 scale, with a title and a description; the data table is beside it.</summary>
public static class SurveyChart
{
    public static string Svg(SurveyGroup group, string id)
    {
        const int width = 640, labelW = 300, right = 50, rowH = 24, top = 8;
        var items = group.Items.Where(i => i.Count > 0).ToList();
        var height = top + Math.Max(1, items.Count) * rowH + 26;
        var barW = width - labelW - right;
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var title = $"Media por afirmación: {group.Name}";
        var desc = $"{group.Answers} respuestas. Barras de 1 (totalmente en desacuerdo) a 5 (totalmente de acuerdo); los datos están en la tabla siguiente.";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"survey-chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{WebUtility.HtmlEncode(title)}</title><desc id=\"{id}-d\">{WebUtility.HtmlEncode(desc)}</desc>");
        for (var tick = 1; tick <= 5; tick++)
        {
            var x = labelW + barW * (tick - 1) / 4.0;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{top - 4}\" y2=\"{height - 20}\" stroke=\"#d1d5db\" stroke-width=\"1\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{height - 6}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5563\">{tick}</text>");
        }
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var y = top + i * rowH;
            var label = item.Text.Length > 44 ? item.Text[..43] + "…" : item.Text;
            var w = barW * (item.Mean - 1) / 4.0;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelW - 6}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"11\" fill=\"#1b2430\">{WebUtility.HtmlEncode(label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelW}\" y=\"{y + 4}\" width=\"{F(Math.Max(w, 1))}\" height=\"{rowH - 8}\" fill=\"#0b5c8a\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelW + Math.Max(w, 1) + 4)}\" y=\"{y + 16}\" font-size=\"11\" fill=\"#1b2430\">{WebUtility.HtmlEncode(SurveyResults.Mean(item.Mean))}</text>");
        }
        return sb.Append("</svg>").ToString();
    }
}
