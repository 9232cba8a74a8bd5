using Scari.Web.Features.Certificates;

namespace Scari.Tests.Certificates;

public sealed class CertificateCodeTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Fact]
    public void A_new_code_has_the_year_twelve_random_characters_and_a_check_character()
    {
        var code = CertificateCode.New(2026);
        Assert.Matches("^SCARI-2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$", code);
        Assert.Equal(code, CertificateCode.Normalize(code));
    }

    [Fact]
    public void Codes_do_not_repeat()
    {
        var codes = Enumerable.Range(0, 20_000).Select(_ => CertificateCode.New(2026)).ToHashSet();
        Assert.Equal(20_000, codes.Count);
    }

    [Fact]
    public void A_code_typed_in_lower_case_with_spaces_or_look_alike_letters_is_read_back()
    {
        var code = CertificateCode.New(2026);
        var typed = code.ToLowerInvariant().Replace("-", " ").Replace('0', 'o').Replace('1', 'l');
        Assert.Equal(code, CertificateCode.Normalize(typed));
        Assert.Equal(code, CertificateCode.Normalize(code.Replace("-", "")));
        Assert.Equal(code, CertificateCode.Normalize(code["SCARI-".Length..]));
    }

    [Fact]
    public void Any_single_mistyped_character_is_caught_by_the_check_character()
    {
        for (var n = 0; n < 50; n++)
        {
            var code = CertificateCode.New(2026);
            var compact = code.Replace("-", "")["SCARI".Length..];
            for (var i = 0; i < compact.Length; i++)
            {
                foreach (var other in Alphabet.Where(ch => ch != compact[i]))
                {
                    var typo = compact[..i] + other + compact[(i + 1)..];
                    Assert.Null(CertificateCode.Normalize("SCARI" + typo));
                }
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("SCARI-2026")]
    [InlineData("SCARI-2026-7KQ4-M2XD-9HTA")]
    [InlineData("SCARI-20X6-7KQ4-M2XD-9HTA-Q")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("SCARI-2026-7KQ4-M2XD-9HTA-QQ")]
    public void Malformed_codes_are_rejected(string input) => Assert.Null(CertificateCode.Normalize(input));
}
