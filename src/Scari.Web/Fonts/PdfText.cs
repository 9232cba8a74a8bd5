using QRCoder;
using SkiaSharp;

namespace Scari.Web.Fonts;

/// <summary>Drawing helpers shared by the PDFs SCARI writes (certificates, reports, evidence packs).</summary>
public static class PdfText
{
    /// <summary>Words on lines no wider than <paramref name="max"/>; a word wider than the line stays alone on its line.</summary>
    public static List<string> Wrap(string text, SKFont font, float max)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && font.MeasureText(candidate) > max) { lines.Add(current); current = word; }
            else current = candidate;
        }
        if (current.Length > 0) lines.Add(current);
        return lines;
    }

    /// <summary>Dark modules as filled rectangles, each horizontal run merged into one.</summary>
    public static void DrawQr(SKCanvas canvas, string text, float left, float top, float size, SKPaint fill)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the 4-module quiet zone
        var n = matrix.Count;
        var module = size / n;
        fill.Color = SKColors.Black;
        var antialias = fill.IsAntialias;
        fill.IsAntialias = false;
        for (var row = 0; row < n; row++)
        {
            var bits = matrix[row];
            var col = 0;
            while (col < n)
            {
                if (!bits[col]) { col++; continue; }
                var start = col;
                while (col < n && bits[col]) col++;
                canvas.DrawRect(SKRect.Create(left + start * module, top + row * module, (col - start) * module, module), fill);
            }
        }
        fill.IsAntialias = antialias;
    }
}
