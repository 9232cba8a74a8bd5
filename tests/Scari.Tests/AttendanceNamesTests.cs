using Scari.Web.Features.Indicators;
using Scari.Web.Features.InPerson;

namespace Scari.Tests;

public sealed class AttendanceNamesTests
{
    [Theory]
    [InlineData("Ana María", "Pérez Gómez", true)]
    [InlineData("ANA MARIA", "perez gomez", true)]      // case and accents
    [InlineData("Ana María", "Pérez", true)]            // the second surname missing
    [InlineData("Ana", "Pérez Gómez", true)]            // the second given name missing
    [InlineData("Pérez Gómez", "Ana María", true)]      // names and surnames swapped
    [InlineData("Ana-María", "Pérez  Gómez.", true)]    // punctuation and spacing
    [InlineData("Ana María", "Gómez", false)]           // the second surname alone is someone else
    [InlineData("Juan", "Pérez Gómez", false)]
    [InlineData("María", "Pérez Gómez", false)]
    public void A_sheet_name_agrees_with_the_registered_person_when_only_spelling_or_a_second_name_differs(string given, string family, bool agrees) =>
        Assert.Equal(agrees, AttendanceImport.NamesAgree(given, family, "Ana María", "Pérez Gómez"));
}
