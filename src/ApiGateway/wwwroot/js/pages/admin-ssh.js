// Administration: the algorithm of new SSH keys, and the public key for Bitbucket Server application links.
import { get, put } from '../api.js';
import { busy, errorBox, h, keyField, notice, statusArea } from '../dom.js';

const algorithms = [
  ['ed25519', 'Ed25519', 'Small and fast; the default, and what most providers prefer.'],
  ['ecdsa', 'ECDSA (P-256)', 'For providers or policies that do not accept Ed25519.'],
  ['rsa4096', 'RSA 4096', 'For old servers that only know RSA.'],
];

export async function renderAdminSsh(main) {
  const algorithmSection = h('section', { class: 'card', 'aria-labelledby': 'algorithm-heading' },
    h('h2', { id: 'algorithm-heading' }, 'SSH key algorithm'), h('p', { class: 'muted' }, 'Loading…'));
  const bitbucketSection = h('section', { class: 'card', 'aria-labelledby': 'bitbucket-heading' },
    h('h2', { id: 'bitbucket-heading' }, 'Bitbucket Server application link'), h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('h1', { tabindex: -1 }, 'SSH and signing keys'), algorithmSection, bitbucketSection);

  await Promise.all([drawAlgorithm(algorithmSection), drawBitbucketKey(bitbucketSection)]);
}

async function drawAlgorithm(section) {
  const heading = section.firstChild;
  let settings;
  try {
    settings = await get('/api/v2/admin/ssh');
  } catch (error) {
    section.replaceChildren(heading, errorBox(error));
    return;
  }
  const status = statusArea();
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
  const choices = algorithms.map(([value, label, hint]) => h('div', { class: 'field' },
    h('label', { class: 'checkbox' },
      h('input', { type: 'radio', name: 'keygen_algorithm', value, checked: settings.keygen_algorithm === value, 'aria-describedby': `algorithm-${value}-hint` }),
      label),
    h('p', { id: `algorithm-${value}-hint`, class: 'hint' }, hint)));
  const form = h('form', null,
    h('fieldset', null, h('legend', null, 'Algorithm of new keys'), choices),
    h('p', { class: 'muted' }, 'Keys made from now on (new users, regenerated keys) use it; existing keys stay as they are.'),
    status,
    h('div', { class: 'actions' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="keygen_algorithm"]:checked')?.value;
    status.set();
    await busy(save, status, async () => {
      const saved = await put('/api/v2/admin/ssh', { keygen_algorithm: chosen });
      status.set(notice('ok', `New SSH keys use ${saved.keygen_algorithm}.`));
    });
  });
  section.replaceChildren(heading, form);
}

async function drawBitbucketKey(section) {
  const heading = section.firstChild;
  try {
    const key = await get('/api/v2/admin/bitbucket-server/public-key');
    section.replaceChildren(heading,
      h('p', null, 'For Bitbucket Server 7.19 and older (OAuth 1): create an incoming application link with this public key and the provider\'s consumer key.'),
      keyField('bitbucket-public-key', 'Public key (PEM)', key.public_key));
  } catch (error) {
    section.replaceChildren(heading, errorBox(error));
  }
}
