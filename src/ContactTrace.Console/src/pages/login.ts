import { h, notice, show } from '../dom';
import { session } from '../session';
import type { PageContext } from '../main';

/** Sign-in with an API key, kept for this tab only (sessionStorage); it is sent in the X-Api-Key header, never in a URL. */
export function loginPage({ root, params, query }: PageContext): void {
  const key = h('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', required: true, size: 40 });
  const form = h('form', { class: 'card login' },
    h('h1', {}, '登录流调工作台'),
    h('p', {}, '请输入流调员或管理员的 API 密钥。密钥只保存在本浏览器标签页中，关闭标签页即失效。'),
    query.get('error') ? notice(query.get('error')!, 'error') : null,
    h('label', { for: 'api-key' }, 'API 密钥'), key,
    h('button', { type: 'submit' }, '登录'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    session.signIn(key.value.trim());
    const target = params[0] && params[0] !== '/login' ? params[0] : '/cases';
    if (location.hash === `#${target}`) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = `#${target}`;
  });
  show(root, form);
  key.focus();
}
