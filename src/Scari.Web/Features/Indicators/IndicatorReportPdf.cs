using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Scari.Web.Content;
using Scari.Web.Fonts;
using SkiaSharp;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// A one-page progress table (A4 portrait) like the official report: indicator, target, count, percent, the rows per
/// course, cut-off date, when it was generated, and the SHA-256 of the completions it was computed from.
/// </summary>
public sealed class IndicatorReportPdf(IndicatorCounter counter, TimeProvider clock)
{
    /// <summary>
    /// SHA-256 (hex) over the qualifying completions, one line each in id order:
    /// <c>indicator;cut-off\n</c> then <c>completionId;personId;courseId;completedUtc(ISO 8601);source\n</c>.
    /// </summary>
    public async Task<string> HashAsync(IndicatorDefinition indicator, DateOnly cutoff, IndicatorScope scope, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{indicator.Id};{cutoff:yyyy-MM-dd}\n"));
        await foreach (var r in counter.RowsAsync(indicator, cutoff, scope, ct))
            sha.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{r.Id};{r.PersonId};{r.CourseId};{r.CompletedUtc:yyyy-MM-ddTHH:mm:ss.fffffffZ};{r.Source}\n")));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public async Task<byte[]> RenderAsync(IndicatorResult result, CancellationToken ct)
    {
        var hash = await HashAsync(result.Indicator, result.Cutoff, result.Scope, ct);
        return Render(result, hash, clock.GetUtcNow().UtcDateTime);
    }

    public static byte[] Render(IndicatorResult r, string hash, DateTime generatedUtc)
    {
        const float width = 595, height = 842, margin = 48;
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
        {
            Title = $"Avance del indicador {r.Indicator.Name}",
            Author = "SCARI",
            Creator = "SCARI",
            Creation = generatedUtc,
        }))
        {
            var canvas = document.BeginPage(width, height);
            using var ink = new SKPaint { Color = new SKColor(0x1b, 0x24, 0x30), IsAntialias = true };
            using var muted = new SKPaint { Color = new SKColor(0x4a, 0x55, 0x63), IsAntialias = true };
            using var line = new SKPaint { Color = new SKColor(0xd5, 0xdd, 0xe5), StrokeWidth = 0.8f, IsStroke = true };
            using var soft = new SKPaint { Color = new SKColor(0xf3, 0xf6, 0xf9) };
            using var title = new SKFont(ScariFonts.SansBold, 15);
            using var bold = new SKFont(ScariFonts.SansBold, 10);
            using var body = new SKFont(ScariFonts.Sans, 10);
            using var small = new SKFont(ScariFonts.Sans, 8);

            var y = margin + 10;
            canvas.DrawText("Informe de avance del indicador", margin, y, SKTextAlign.Left, title, ink);
            y += 20;
            foreach (var text in Wrap(r.Indicator.Name, bold, width - 2 * margin)) { canvas.DrawText(text, margin, y, SKTextAlign.Left, bold, ink); y += 14; }
            y += 2;
            canvas.DrawText($"Avance con fecha de corte {Bogota.FormatDate(r.Cutoff)}. Periodo del indicador: {Bogota.FormatDate(r.Indicator.PeriodStart)} a {Bogota.FormatDate(r.Indicator.PeriodEnd)}.",
                margin, y, SKTextAlign.Left, small, muted);
            y += 12;
            if (!r.Scope.Everyone)
            {
                canvas.DrawText("Alcance: solo las personas del colegio o la dependencia de quien generó el informe.", margin, y, SKTextAlign.Left, small, muted);
                y += 12;
            }
            y += 10;

            // Summary table: indicator, target, count, percent.
            float[] summaryCols = [margin, 330, 400, 470, width - margin];
            y = Row(canvas, y, summaryCols, ["Indicador", "Meta", "Personas", "Avance"], bold, ink, soft, line, header: true);
            y = Row(canvas, y, summaryCols, [Short(r.Indicator.Name, body, 330 - margin - 8), N(r.Indicator.Target), N(r.People), P(r.Percent)], body, ink, soft, line, header: false);
            var yearly = r.Years.FirstOrDefault(x => x.Year == r.Cutoff.Year);
            if (yearly is not null && yearly.Target > 0)
                y = Row(canvas, y, summaryCols, [$"Meta del año {yearly.Year} (personas nuevas en el año)", N(yearly.Target), N(yearly.New), P(100.0 * yearly.New / yearly.Target)], body, ink, soft, line, header: false);
            y += 18;

            // Per-course rows.
            float[] courseCols = [margin, 370, 450, width - margin];
            canvas.DrawText("Por curso o actividad", margin, y, SKTextAlign.Left, bold, ink);
            y += 8;
            y = Row(canvas, y, courseCols, ["Curso", "Finalizaciones", "Personas", ""], bold, ink, soft, line, header: true);
            foreach (var c in r.Courses)
                y = Row(canvas, y, courseCols, [Short(c.Title, body, 370 - margin - 8), N(c.Completions), N(c.People), ""], body, ink, soft, line, header: false);
            y = Row(canvas, y, courseCols, ["Total de personas distintas", N(r.CompletionsTotal), N(r.People), ""], bold, ink, soft, line, header: false);
            y += 6;
            foreach (var text in Wrap($"Una persona que terminó varios cursos aparece en la fila de cada uno: la suma de las filas ({N(r.CourseRowsSum)}) no es el total de personas formadas ({N(r.People)}). Cuentan las personas distintas de la población del indicador con al menos una finalización dentro del periodo y hasta la fecha de corte, en línea o presencial, sin certificado revocado.",
                small, width - 2 * margin))
            { canvas.DrawText(text, margin, y + 8, SKTextAlign.Left, small, muted); y += 11; }

            // Footer: when and from what.
            var fy = height - margin - 34;
            canvas.DrawLine(margin, fy - 12, width - margin, fy - 12, line);
            canvas.DrawText($"Generado por SCARI el {Bogota.Format(generatedUtc)} (hora de Bogotá).", margin, fy, SKTextAlign.Left, small, muted);
            canvas.DrawText("SHA-256 de las finalizaciones contadas (id;persona;curso;fecha UTC;fuente, en orden de id):", margin, fy + 12, SKTextAlign.Left, small, muted);
            canvas.DrawText(hash, margin, fy + 24, SKTextAlign.Left, small, ink);
            document.EndPage();
        }
        return stream.ToArray();
    }

    private static float Row(SKCanvas canvas, float y, float[] cols, string[] cells, SKFont font, SKPaint ink, SKPaint soft, SKPaint line, bool header)
    {
        const float rowHeight = 18;
        if (header) canvas.DrawRect(cols[0], y, cols[^1] - cols[0], rowHeight, soft);
        for (var i = 0; i < cells.Length && i < cols.Length - 1; i++)
        {
            if (cells[i].Length == 0) continue;
            if (i == 0) canvas.DrawText(cells[i], cols[i] + 4, y + 13, SKTextAlign.Left, font, ink);
            else canvas.DrawText(cells[i], cols[i + 1] - 4, y + 13, SKTextAlign.Right, font, ink);
        }
        canvas.DrawLine(cols[0], y + rowHeight, cols[^1], y + rowHeight, line);
        return y + rowHeight;
    }

    private static string N(int value) => value.ToString("N0", Bogota.Culture);
    private static string P(double value) => value.ToString("0.0", Bogota.Culture) + " %";

    private static string Short(string text, SKFont font, float max)
    {
        if (font.MeasureText(text) <= max) return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > max) text = text[..^1];
        return text.TrimEnd() + "…";
    }

    private static List<string> Wrap(string text, SKFont font, float max)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (font.MeasureText(candidate) > max && current.Length > 0) { lines.Add(current); current = word; }
            else current = candidate;
        }
        if (current.Length > 0) lines.Add(current);
        return lines;
    }
}
