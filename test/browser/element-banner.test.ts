// Issue 13: the modal banner stays until a choice, the settings button (withdrawal as easy as consent),
// focus and announcement. Driven with the real keyboard and mouse in both browsers.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { banner, button, cleanUp, click, mount } from './element-helpers.js';

const frames = (n = 2) => new Promise<void>((resolve) => {
  const next = () => (n-- ? requestAnimationFrame(next) : resolve());
  next();
});

describe('<cookie-consent> banner (issue 13)', () => {
  afterEach(cleanUp);

  describe('position="center"', () => {
    it('stays open through repeated Escape (the close watcher too): no decision, still modal', async () => {
      const { el, changes } = await mount({ categories: 'analytics', position: 'center' });
      for (let i = 0; i < 3; i++) {
        await sendKeys({ press: 'Escape' });
        await frames();
        await el.updateComplete;
      }
      expect(banner(el)).to.exist;
      expect((banner(el) as HTMLDialogElement).open).to.equal(true);
      expect(banner(el)!.matches(':modal')).to.equal(true);
      expect(el.consent).to.equal(null);
      expect(changes).to.deep.equal([]);
      await click(button(el, 'reject'));
      expect(el.consent!.source).to.equal('banner');
    });
  });
});
