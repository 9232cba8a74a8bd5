using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using YamlDotNet.RepresentationModel;

namespace Scari.Web.Content;

/// <summary>
/// The practical activities of a lesson: fenced blocks with the info string <c>actividad</c> and YAML inside
/// (title, minutes, do, deliver), rendered as a box «Actividad práctica (N min)» with «Qué hacer» and «Qué entregar».
/// </summary>
internal static class ActivityBlocks
{
    private static readonly string[] Keys = ["title", "minutes", "do", "deliver"];

    public static (string Html, IReadOnlyList<Activity> Activities) Render(
        MarkdownDocument document, string fullPath, string rel, int lineOffset, LinkResolver links, List<ContentProblem> problems)
    {
        var blocks = document.Descendants<FencedCodeBlock>().Where(IsActivity).ToList();
        if (blocks.Count == 0) return (MarkdownRendering.Render(document), []);

        var activities = new List<Activity>();
        var html = new StringBuilder();
        var pending = new List<Block>();
        foreach (var block in document)
        {
            if (block is FencedCodeBlock fenced && IsActivity(fenced))
            {
                html.Append(MarkdownRendering.Render(pending));
                pending.Clear();
                if (Read(fenced, fullPath, rel, lineOffset, links, problems) is { } read)
                {
                    activities.Add(read.Activity);
                    html.Append(read.Html);
                }
            }
            else pending.Add(block);
        }
        html.Append(MarkdownRendering.Render(pending));
        foreach (var nested in blocks.Where(b => b.Parent is not MarkdownDocument))
            problems.Add(new(rel, nested.Line + lineOffset, "el bloque actividad debe ir al margen izquierdo de la lección, no dentro de una lista o una cita"));
        return (html.ToString(), activities);
    }

    private static bool IsActivity(FencedCodeBlock block) => block.Info?.Trim() == "actividad";

    private static (Activity Activity, string Html)? Read(FencedCodeBlock block, string fullPath, string rel, int lineOffset,
        LinkResolver links, List<ContentProblem> problems)
    {
        var fenceLine = block.Line + lineOffset;
        var yaml = string.Join('\n', block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString()));
        var before = problems.Count;
        var map = FrontMatter.ParseMapping(rel, yaml, fenceLine, problems);
        if (map is null) return null;
        var fields = FrontMatter.Wrap(map, rel, problems, fenceLine);
        foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Where(k => !Keys.Contains(k.Value)))
            fields.Problem(fields.Line(key), $"la actividad no usa el campo «{key.Value}»: sus campos son title, minutes, do y deliver");
        string? Required(string key, string what)
        {
            var value = fields.Node(key) is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            if (value is null) problems.Add(new(rel, fields.Node(key) is { } n ? fields.Line(n) : fenceLine, $"a la actividad le falta «{key}»: {what}"));
            return value;
        }
        var title = Required("title", "el título de la actividad");
        var minutes = fields.Has("minutes")
            ? fields.Int("minutes", required: true, 1, 600, "de minutos entre 1 y 600")
            : null;
        if (!fields.Has("minutes")) problems.Add(new(rel, fenceLine, "a la actividad le falta «minutes»: cuántos minutos toma (cuentan en las horas del curso)"));
        var todo = Required("do", "qué hace la persona, paso a paso");
        var deliver = Required("deliver", "qué entrega al terminar");
        if (problems.Count > before || title is null || minutes is null || todo is null || deliver is null) return null;

        string Markdown(string key, string text)
        {
            var doc = MarkdownRendering.Parse(text);
            links.Resolve(doc, fullPath, rel, fields.Node(key) is { } n ? fields.Line(n) : fenceLine, problems);
            return MarkdownRendering.Render(doc);
        }
        var encodedTitle = WebUtility.HtmlEncode(title);
        var html = $"""
            <section class="activity">
            <h2><span class="activity-kind">Actividad práctica ({minutes} min):</span> {encodedTitle}</h2>
            <h3>Qué hacer</h3>
            {Markdown("do", todo)}<h3>Qué entregar</h3>
            {Markdown("deliver", deliver)}</section>

            """;
        return (new Activity(title, minutes.Value), html);
    }
}
