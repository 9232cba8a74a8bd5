using Scari.Web.Fonts;

namespace Scari.Tests;

public sealed class FontTests
{
    [Fact]
    public void The_shipped_fonts_have_every_Spanish_letter()
    {
        foreach (var typeface in new[] { ScariFonts.Sans, ScariFonts.SansBold, ScariFonts.Serif, ScariFonts.SerifBold })
        {
            var glyphs = typeface.GetGlyphs("ÁÉÍÓÚÜÑáéíóúüñ¿¡°–“”");
            Assert.DoesNotContain((ushort)0, glyphs);
        }
    }
}
