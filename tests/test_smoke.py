def test_the_agreement_page_names_goal_4a(client_for, hanne):
    response = client_for(hanne).get("/agreements/2018/")
    assert response.status_code == 200
    assert "4a" in response.content.decode()
