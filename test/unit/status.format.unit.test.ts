import { describe, expect, it } from 'vitest';
import { formatStatus, mentionedNicknames } from '../../src/commands/statuses/format.js';

const bob = { id: '7', nickname: 'bob', url: 'http://x.test/users/bob' };
const options = {
  publicUrl: 'http://x.test',
  localDomain: 'x.test',
  resolve: (nick: string) => (nick.toLowerCase() === 'bob' ? bob : undefined),
};
const html = (text: string) => formatStatus(text, options).html;
const mentionHtml =
  '<span class="h-card"><a class="u-url mention" data-user="7" href="http://x.test/users/bob" rel="ugc">@<span>bob</span></a></span>';

describe('status text → HTML', () => {
  it('escapes everything and turns new lines into <br/>', () => {
    expect(html('a < b & "c" \'d\'\r\nnext\nlast')).toBe(
      'a &lt; b &amp; &quot;c&quot; &#39;d&#39;<br/>next<br/>last',
    );
  });

  it('links web addresses, with or without a scheme, leaving trailing punctuation out', () => {
    expect(html('see https://a.test/x?y=1&z=2.')).toBe(
      'see <a href="https://a.test/x?y=1&amp;z=2" rel="ugc">https://a.test/x?y=1&amp;z=2</a>.',
    );
    expect(html('at example.com!')).toBe('at <a href="http://example.com" rel="ugc">example.com</a>!');
  });

  it('links local mentions as Pleroma does, once each, and leaves unknown or remote ones as text', () => {
    const out = formatStatus('@bob @Bob@x.test @carol @bob@elsewhere.test mail bob@x.test', options);
    expect(out.html).toBe(`${mentionHtml} ${mentionHtml} @carol @bob@elsewhere.test mail bob@x.test`);
    expect(out.mentions).toEqual([bob]);
    expect(mentionedNicknames('@bob @Bob@x.test @carol @dan@elsewhere.test a@b', 'x.test')).toEqual([
      'bob',
      'carol',
    ]);
  });

  it('links hashtags, lowercased, in order, once each', () => {
    const out = formatStatus('#Cofe and #cofe, #日本語 but not a#b or &#38;', options);
    expect(out.html).toBe(
      '<a class="hashtag" data-tag="cofe" href="http://x.test/tag/cofe" rel="tag ugc">#Cofe</a> and ' +
        '<a class="hashtag" data-tag="cofe" href="http://x.test/tag/cofe" rel="tag ugc">#cofe</a>, ' +
        '<a class="hashtag" data-tag="日本語" href="http://x.test/tag/日本語" rel="tag ugc">#日本語</a> but not a#b or &amp;#38;',
    );
    expect(out.tags).toEqual(['cofe', '日本語']);
  });

  it("reads hashtags as Pleroma's Linkify does: a letter needed, marks, `·` and ZWNJ inside", () => {
    expect(formatStatus('issue #123 and #2fast', options).tags).toEqual(['2fast']);
    expect(formatStatus('#हिन्दी #l·l #می\u200cخواهم', options).tags).toEqual([
      'हिन्दी',
      'l·l',
      'می\u200cخواهم',
    ]);
    expect(html('#हिन्दी!')).toBe(
      '<a class="hashtag" data-tag="हिन्दी" href="http://x.test/tag/हिन्दी" rel="tag ugc">#हिन्दी</a>!',
    );
  });

  it('keeps mentions and hashtags inside links part of the link', () => {
    expect(html('https://a.test/@bob#top')).toBe(
      '<a href="https://a.test/@bob#top" rel="ugc">https://a.test/@bob#top</a>',
    );
  });

  describe('XSS attempts stay text', () => {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">click</a>',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)//example.com',
      'data:text/html;base64,PHNjcmlwdD4=',
      'https://a.test/"onmouseover="alert(1)',
      "https://a.test/'><script>alert(1)</script>",
      '@bob"><script>',
      '#tag"><svg onload=alert(1)>',
    ];
    for (const attack of attacks) {
      it(attack, () => {
        const out = html(attack);
        expect(out).not.toMatch(/<(?!\/?(a|span|br)[ />])/i); // only our own tags
        expect(out).not.toMatch(/href="(?!https?:)/i); // only web links
        expect(out).not.toMatch(/<[^>]*\son\w+=/i); // no event handler attribute in any tag
        for (const tag of out.match(/<a [^>]*>/g) ?? []) {
          expect(tag).toMatch(
            /^<a( class="[^"<>]*")?( data-(tag|user)="[^"<>]*")? href="https?:\/\/[^"<>\s]*" rel="[a-z ]+">$/,
          );
        }
      });
    }
  });
});
