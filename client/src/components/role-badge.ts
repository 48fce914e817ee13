import type { Role } from '@wethink/shared/client';
import { LitElement, css, html } from 'lit';
import { capabilitiesOf } from '../account/capabilities';

/** Tells a read-only member so, at a glance: "Reviewing", "Reading only". Empty for writers. */
export class RoleBadge extends LitElement {
  static override properties = { memberRole: { attribute: 'member-role', reflect: true } };

  declare memberRole: Role | null;

  static override styles = css`
    :host {
      display: inline-block;
    }
    span {
      display: inline-block;
      padding: 0.15rem 0.6rem;
      border-radius: 999px;
      background: #fff3d6;
      border: 1px solid #e0b44c;
      color: #6b4a00;
      font-size: 0.8rem;
      font-weight: 600;
    }
  `;

  constructor() {
    super();
    this.memberRole = null;
  }

  protected override render() {
    const badge = capabilitiesOf(this.memberRole).badge;
    return badge === null
      ? null
      : html`<span title="You can read and follow along, not edit">${badge}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'role-badge': RoleBadge;
  }
}
