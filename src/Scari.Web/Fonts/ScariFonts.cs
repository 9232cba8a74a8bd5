using SkiaSharp;

namespace Scari.Web.Fonts;

/// <summary>The typefaces shipped with SCARI for PDFs, loaded once from the assembly.</summary>
public static class ScariFonts
{
    public static SKTypeface Sans { get; } = Load("DejaVuSans-Latin.ttf");
    public static SKTypeface SansBold { get; } = Load("DejaVuSans-Bold-Latin.ttf");
    public static SKTypeface Serif { get; } = Load("DejaVuSerif-Latin.ttf");
    public static SKTypeface SerifBold { get; } = Load("DejaVuSerif-Bold-Latin.ttf");

    private static SKTypeface Load(string file)
    {
        var stream = typeof(ScariFonts).Assembly.GetManifestResourceStream($"Scari.Web.Fonts.{file}")
            ?? throw new InvalidOperationException($"Falta la fuente incrustada {file}.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"No se pudo leer la fuente {file}.");
    }
}
